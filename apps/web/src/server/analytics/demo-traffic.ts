// Plausible generated traffic for the demo website — a few weeks of visits, goals and payments —
// written through the same store as collection, so every API read has something to show.
import { type CollectedEvent, analyticsStore as store } from ".";
import { DIRECT, referrerSource } from "./enrich/referrer";

/** A small seeded generator (mulberry32), so a regeneration tells the same story. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Weighted<T> = readonly (readonly [T, number])[];

const COUNTRIES: Weighted<string> = [
  ["US", 30],
  ["GB", 10],
  ["DE", 9],
  ["FR", 8],
  ["IN", 8],
  ["CA", 6],
  ["BR", 5],
  ["NL", 4],
  ["ES", 4],
  ["JP", 3],
  ["AU", 3],
];
const SYSTEMS: Weighted<[string, string, string]> = [
  [["Chrome", "Windows", "desktop"], 28],
  [["Chrome", "Mac OS", "desktop"], 16],
  [["Safari", "Mac OS", "desktop"], 10],
  [["Firefox", "Windows", "desktop"], 6],
  [["Edge", "Windows", "desktop"], 5],
  [["Mobile Safari", "iOS", "mobile"], 18],
  [["Chrome", "Android", "mobile"], 13],
  [["Mobile Safari", "iOS", "tablet"], 4],
];
const REFERRERS: Weighted<string | null> = [
  [null, 30],
  ["https://www.google.com/", 28],
  ["https://x.com/", 10],
  ["https://news.ycombinator.com/", 8],
  ["https://github.com/", 7],
  ["https://www.reddit.com/r/analytics", 6],
  ["https://www.bing.com/", 4],
  ["https://chatgpt.com/", 4],
  ["https://dev.to/", 3],
];
const CAMPAIGNS: Weighted<[string, string, string] | null> = [
  [null, 85],
  [["newsletter", "email", "launch"], 8],
  [["twitter", "social", "black_friday"], 7],
];
const PATHS: Weighted<string> = [
  ["/", 30],
  ["/pricing", 18],
  ["/docs", 14],
  ["/docs/getting-started", 10],
  ["/blog/keys-done-right", 9],
  ["/blog/realtime", 6],
  ["/features", 8],
  ["/signup", 5],
];
const PLANS: Weighted<[string, number]> = [
  [["starter", 19], 5],
  [["pro", 49], 3],
  [["team", 99], 1],
];

function pick<T>(rand: () => number, table: Weighted<T>): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rand() * total;
  for (const [value, weight] of table) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (table.at(-1) as readonly [T, number])[0];
}

function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(rand() * 4)] as string;
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export interface DemoTraffic {
  visitors: number;
  events: number;
  payments: number;
}

/** Replaces the website's analytics with `days` days of generated traffic ending now. */
export async function generateDemoTraffic({
  websiteId,
  domain,
  days = 21,
  seed = 42,
}: {
  websiteId: string;
  domain: string;
  days?: number;
  seed?: number;
}): Promise<DemoTraffic> {
  const rand = random(seed);
  await store.clearWebsite(websiteId);
  const now = Date.now();
  const counts = { visitors: 0, events: 0, payments: 0 };
  for (let day = days - 1; day >= 0; day--) {
    const weekday = new Date(now - day * 86_400_000).getUTCDay();
    const visitors = Math.round(
      (weekday === 0 || weekday === 6 ? 22 : 38) * (0.8 + rand() * 0.4) * (1 + (days - day) / days),
    );
    for (let v = 0; v < visitors; v++) {
      // The last day's visits end within the last hour or so, a few of them right now (realtime).
      const start =
        day === 0
          ? now - Math.floor(rand() * 3_600_000)
          : now - day * 86_400_000 + Math.floor(rand() * 86_400_000) - 43_200_000;
      await visit(rand, { websiteId, domain, start: Math.min(start, now - 60_000), counts });
    }
  }
  return counts;
}

async function visit(
  rand: () => number,
  { websiteId, domain, start, counts }: { websiteId: string; domain: string; start: number; counts: DemoTraffic },
) {
  const visitorId = uuid(rand);
  const [browser, os, device] = pick(rand, SYSTEMS);
  const referrer = pick(rand, REFERRERS);
  const campaign = pick(rand, CAMPAIGNS);
  const source = referrerSource(referrer, domain);
  const country = pick(rand, COUNTRIES);
  const sessions = rand() < 0.2 ? 2 : 1;
  counts.visitors++;
  for (let n = 1; n <= sessions; n++) {
    const sessionKey = `s${uuid(rand)}`;
    let at = start + (n - 1) * Math.floor(rand() * 3 * 86_400_000);
    if (at > Date.now() - 30_000) at = Date.now() - 30_000;
    const pages = rand() < 0.4 ? 1 : 2 + Math.floor(rand() * 5);
    const base: Omit<CollectedEvent, "type" | "name" | "path" | "properties" | "at"> = {
      websiteId,
      visitorId,
      sessionKey,
      hostname: domain,
      query:
        campaign && n === 1 ? `utm_source=${campaign[0]}&utm_medium=${campaign[1]}&utm_campaign=${campaign[2]}` : null,
      session: {
        referrer: n === 1 ? referrer : null,
        referrerDomain: n === 1 ? source.domain : null,
        referrerName: n === 1 ? source.name : DIRECT,
        utm: {
          utmSource: n === 1 ? (campaign?.[0] ?? null) : null,
          utmMedium: n === 1 ? (campaign?.[1] ?? null) : null,
          utmCampaign: n === 1 ? (campaign?.[2] ?? null) : null,
          utmTerm: null,
          utmContent: null,
        },
        ref: null,
        source: null,
        via: null,
        adClickIds: null,
        countryCode: country,
        region: null,
        city: null,
        browser,
        browserVersion: null,
        os,
        osVersion: null,
        device,
        deviceVendor: null,
        deviceModel: null,
        viewportWidth: device === "desktop" ? 1440 : 390,
        viewportHeight: device === "desktop" ? 900 : 844,
        language: "en-US",
        visitNumber: n,
      },
    };
    const record = async (
      type: CollectedEvent["type"],
      path: string,
      name: string | null = null,
      properties: Record<string, string> | null = null,
    ) => {
      await store.ingestEvent({ ...base, type, name, path, properties, at: new Date(at) });
      counts.events++;
    };
    for (let page = 0; page < pages; page++) {
      const path = page === 0 && n === 1 && referrer === null ? "/" : pick(rand, PATHS);
      await record("pageview", path);
      if (path === "/signup" && rand() < 0.6) await record("custom", path, "signup", { plan: pick(rand, PLANS)[0] });
      if (path.startsWith("/docs") && rand() < 0.15) await record("custom", path, "copy_snippet");
      at += 8_000 + Math.floor(rand() * 110_000);
    }
    if (rand() < 0.05)
      await record("external_link", "/docs", null, { url: "https://github.com/keygate/keygate", text: "GitHub" });
    if (rand() < 0.04) {
      const [plan, amount] = pick(rand, PLANS);
      const created = await store.recordPayment({
        websiteId,
        transactionId: `demo_${visitorId}_${n}`,
        visitorId,
        amount,
        currency: "USD",
        renewal: n > 1,
        refunded: rand() < 0.05,
        isFreeTrial: false,
        email: null,
        name: `Demo customer (${plan})`,
        customerId: null,
        at: new Date(at),
      });
      if (created.created) counts.payments++;
    }
  }
}
