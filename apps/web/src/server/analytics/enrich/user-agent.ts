// Browser, OS and device from a User-Agent header (bowser), named as people read them, and bot detection.
import Bowser from "bowser";
import { isbot } from "isbot";

export interface UserAgentInfo {
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  osVersion: string | null;
  device: "desktop" | "mobile" | "tablet";
  vendor: string | null;
  model: string | null;
}

/** In-app browsers report the engine's browser (Safari, Chrome); the app is what the visitor used. */
const IN_APP: readonly { name: string; test: RegExp; version: RegExp }[] = [
  { name: "Instagram", test: /\bInstagram\b/, version: /\bInstagram ([\d.]+)/ },
  { name: "Facebook", test: /FBAN|FBAV/, version: /FBAV\/([\d.]+)/ },
  { name: "Twitter", test: /\bTwitter(?!bot)/, version: /\bTwitter for [^/]+\/([\d.]+)/ },
  { name: "LinkedIn", test: /LinkedInApp/, version: /LinkedInApp\]?\/([\d.]+)/ },
];

const BROWSER_NAMES: Record<string, string> = {
  "Microsoft Edge": "Edge",
  "Samsung Internet for Android": "Samsung Internet",
};

const OS_NAMES: Record<string, string> = { macOS: "Mac OS" };

/** Automation that isbot lets through: it renders pages like a browser but nobody is looking. */
const AUTOMATION = /HeadlessChrome|PhantomJS|Lighthouse/;

/** Same UAs repeat across a site's visitors; the bound keeps a flood of unique ones from growing it. */
const CACHE_LIMIT = 1000;
const cache = new Map<string, Readonly<UserAgentInfo>>();

const text = (value: string | undefined): string | null => (value ? value : null);

function browserOf(ua: string, parsed: Bowser.Parser.ParsedResult): [string | null, string | null] {
  const app = IN_APP.find((candidate) => candidate.test.test(ua));
  if (app) return [app.name, ua.match(app.version)?.[1] ?? null];
  const name = text(parsed.browser.name);
  // Safari on an iPhone or iPad says "Mobile/…": reported apart from desktop Safari, as analytics tools do.
  if (name === "Safari" && parsed.os.name === "iOS") return ["Mobile Safari", text(parsed.browser.version)];
  return [name ? (BROWSER_NAMES[name] ?? name) : null, text(parsed.browser.version)];
}

function parse(ua: string): UserAgentInfo {
  const parsed = Bowser.parse(ua);
  const [browser, browserVersion] = browserOf(ua, parsed);
  const os = text(parsed.os.name);
  const type = parsed.platform.type;
  return {
    browser,
    browserVersion,
    os: os ? (OS_NAMES[os] ?? os) : null,
    // Windows reports "NT 10.0"; bowser's versionName ("10", "7") is what people call it.
    osVersion: text(os === "Windows" ? parsed.os.versionName : parsed.os.version),
    device: type === "mobile" || type === "tablet" ? type : "desktop",
    vendor: text(parsed.platform.vendor),
    model: text(parsed.platform.model),
  };
}

const UNKNOWN: Readonly<UserAgentInfo> = Object.freeze({
  browser: null,
  browserVersion: null,
  os: null,
  osVersion: null,
  device: "desktop",
  vendor: null,
  model: null,
});

/** What `ua` says about the visitor's software and device; nulls where it says nothing. */
export function parseUserAgent(ua: string | null | undefined): UserAgentInfo {
  if (!ua) return { ...UNKNOWN };
  let info = cache.get(ua);
  if (!info) {
    info = Object.freeze(parse(ua));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(ua, info);
  }
  return { ...info };
}

/** True when no person is behind `ua`: missing, a known crawler, or headless automation. */
export function isBot(ua: string | null | undefined): boolean {
  if (!ua?.trim()) return true;
  return isbot(ua) || AUTOMATION.test(ua);
}
