// Where a visit came from: the referrer's domain and a readable source name ("Google", "X", "Direct/None").
export interface ReferrerSource {
  domain: string | null;
  name: string;
}

export const DIRECT = "Direct/None";

/** `brand.com`, `brand.de`, `brand.co.uk`, `brand.com.br`, with any subdomain in front. */
const anyTld = (brand: string) => new RegExp(`(^|\\.)${brand}\\.(?:[a-z]{2,3}|co\\.[a-z]{2}|com\\.[a-z]{2})$`);

/** Well-known sources, by domain: each domain also matches its subdomains (`m.`, `l.`, `old.`…). */
const SOURCES: readonly { name: string; domains: readonly string[]; pattern?: RegExp }[] = [
  { name: "Google", domains: [], pattern: anyTld("google") },
  { name: "Bing", domains: ["bing.com"] },
  { name: "DuckDuckGo", domains: ["duckduckgo.com"] },
  { name: "Yahoo", domains: [], pattern: anyTld("yahoo") },
  { name: "Baidu", domains: ["baidu.com"] },
  { name: "Yandex", domains: ["ya.ru"], pattern: anyTld("yandex") },
  { name: "Ecosia", domains: ["ecosia.org"] },
  { name: "X", domains: ["twitter.com", "x.com", "t.co"] },
  { name: "Facebook", domains: ["facebook.com", "fb.com"] },
  { name: "Instagram", domains: ["instagram.com"] },
  { name: "LinkedIn", domains: ["linkedin.com", "lnkd.in"] },
  { name: "Reddit", domains: ["reddit.com"] },
  { name: "YouTube", domains: ["youtube.com", "youtu.be"] },
  { name: "GitHub", domains: ["github.com"] },
  { name: "Hacker News", domains: ["news.ycombinator.com"] },
  { name: "Product Hunt", domains: ["producthunt.com"] },
  { name: "ChatGPT", domains: ["chatgpt.com", "chat.openai.com"] },
  { name: "Perplexity", domains: ["perplexity.ai"] },
  { name: "Claude", domains: ["claude.ai"] },
  { name: "Pinterest", domains: ["pin.it"], pattern: anyTld("pinterest") },
  { name: "TikTok", domains: ["tiktok.com"] },
];

/** Lowercase, without a trailing dot or a leading `www.`: the form domains are stored and compared in. */
function bareHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^www\./, "");
}

function knownName(domain: string): string | null {
  const source = SOURCES.find(
    ({ domains, pattern }) =>
      domains.some((known) => domain === known || domain.endsWith(`.${known}`)) || pattern?.test(domain),
  );
  return source?.name ?? null;
}

function hostnameOf(referrer: string): string | null {
  try {
    const url = new URL(referrer);
    // android-app://, about:, chrome-extension:… are apps and browser pages, not websites.
    return url.protocol === "http:" || url.protocol === "https:" ? url.hostname : null;
  } catch {
    return null;
  }
}

/** The source of a visit that arrived with `referrer` on a page of `pageHostname`. */
export function referrerSource(referrer: string | null | undefined, pageHostname: string | null): ReferrerSource {
  const hostname = referrer ? hostnameOf(referrer.trim()) : null;
  if (!hostname) return { domain: null, name: DIRECT };
  const domain = bareHost(hostname);
  // Moving between pages of the same site is not a new source.
  if (!domain || (pageHostname && domain === bareHost(pageHostname))) return { domain: null, name: DIRECT };
  return { domain, name: knownName(domain) ?? domain };
}

const NAMES = new Map([DIRECT, ...SOURCES.map((source) => source.name)].map((name) => [name.toLowerCase(), name]));

/** A user's referrer filter ("google", "X", "direct/none", "www.google.com") as the stored `name`. */
export function normalizeReferrerFilter(value: string): string {
  const trimmed = value.trim();
  const name = NAMES.get(trimmed.toLowerCase());
  if (name) return name;
  const domain = bareHost((trimmed.includes("://") ? hostnameOf(trimmed) : null) ?? trimmed);
  return knownName(domain) ?? domain;
}
