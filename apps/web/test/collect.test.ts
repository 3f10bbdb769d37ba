// Public event collection (DataFast-compatible POST /api/events), the tracker and the flags, against
// the built server: CORS, events reaching the Website API, drops (bots, exclusions, hostnames)
// proven against the database, validation envelopes, hostile input, cookieless visitors.
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, db, newUser, type TestUser, uniqueDomain } from "./helpers";

const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const HEADLESS =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Site {
  id: string;
  trackingId: string;
  domain: string;
}

interface Settings {
  excludedIps?: string[];
  excludedPaths?: string[];
  excludedCountries?: string[];
  excludedHostnames?: string[];
  allowedHostnames?: string[];
}

interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked by the tests themselves
  body: any;
  text: string;
}

let owner: TestUser;

beforeAll(async () => {
  owner = await newUser("collect");
});

/** A fresh website (collection caches settings for 10 s, so each scenario gets its own), settings applied first. */
async function newSite(label: string, settings?: Settings): Promise<Site> {
  const created = await api<{ websiteId: string; trackingId: string; domain: string }>("POST", "/admin/websites", {
    token: owner.token,
    body: { domain: uniqueDomain(label), timezone: "UTC", name: label },
  });
  expect(created.status, created.text).toBe(200);
  const row = created.data[0] as { websiteId: string; trackingId: string; domain: string };
  expect(row.trackingId).toMatch(/^dfid_/);
  if (settings) {
    const updated = await api("PUT", `/admin/websites/${row.websiteId}`, { token: owner.token, body: settings });
    expect(updated.status, updated.text).toBe(200);
  }
  return { id: row.websiteId, trackingId: row.trackingId, domain: row.domain };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** POST /api/events with a browser's User-Agent and Origin unless told otherwise. */
async function send(
  payload: unknown,
  { ua = CHROME, raw, headers = {} }: { ua?: string; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const response = await fetch(`${baseUrl}/api/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": ua, origin: "https://example.com", ...headers },
    body: raw ?? JSON.stringify(payload),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parse(text), text };
}

/** A request exactly as written: no User-Agent unless given, the path not normalized, optional chunked body. */
function rawRequest(
  method: string,
  path: string,
  { headers = {}, chunks }: { headers?: Record<string, string>; chunks?: string[] } = {},
): Promise<Reply> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === "string") responseHeaders.set(name, value);
        }
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: parse(text), text });
      });
    });
    req.on("error", reject);
    for (const chunk of chunks ?? []) req.write(chunk);
    req.end();
  });
}

/** What the browser script sends for a pageview on `site`. */
function pageview(site: Site, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    websiteId: site.trackingId,
    domain: site.domain,
    type: "pageview",
    href: `https://${site.domain}/`,
    referrer: null,
    visitorId: randomUUID(),
    sessionId: `s${randomUUID()}`,
    viewport: { width: 1440, height: 900 },
    ...overrides,
  };
}

async function stored(websiteId: string): Promise<number> {
  return (await db()).analyticsEvent.count({ where: { websiteId } });
}

async function events(websiteId: string) {
  return (await db()).analyticsEvent.findMany({ where: { websiteId }, orderBy: { createdAt: "asc" } });
}

/** GET on the Website API as the owner, on `site`. */
async function read(path: string, site: Site) {
  const separator = path.includes("?") ? "&" : "?";
  const response = await api("GET", `${path}${separator}websiteId=${site.id}`, { token: owner.token });
  expect(response.status, `${path}: ${response.text}`).toBe(200);
  return response;
}

function expectAccepted(reply: Reply) {
  expect(reply.status, reply.text).toBe(200);
  expect(reply.body.status).toBe("success");
  expect(reply.body.dropped).toBeUndefined();
}

function expectDropped(reply: Reply, reason: string) {
  expect(reply.status, reply.text).toBeGreaterThanOrEqual(200);
  expect(reply.status, reply.text).toBeLessThan(300);
  expect(reply.body).toEqual({ status: "success", dropped: reason });
}

function expectEnvelope(reply: Reply, status: number) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  expect(reply.body.status).toBe("error");
  expect(reply.body.error.code).toBe(status);
  expect(reply.body.error.message).toEqual(expect.stringMatching(/\w/));
}

function expectInvalid(reply: Reply, path: string) {
  expectEnvelope(reply, 400);
  expect(reply.body.error.details).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(/\w/) }]));
}

describe("CORS on /api/events", () => {
  it("OPTIONS /api/events — a preflight from any origin is answered 204 allowing POST and Content-Type", async () => {
    const response = await fetch(`${baseUrl}/api/events`, {
      method: "OPTIONS",
      headers: {
        origin: "https://customer-site.example.net",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")?.toUpperCase()).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
  });

  it("POST /api/events — accepted, dropped, refused and unknown-site replies all carry access-control-allow-origin: *", async () => {
    const site = await newSite("cors");
    const replies = [
      await send(pageview(site)),
      await send(pageview(site), { ua: GOOGLEBOT }),
      await send(pageview(site, { type: "nope" })),
      await send(pageview(site, { websiteId: "dfid_does_not_exist" })),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 400, 404]);
    for (const reply of replies) expect(reply.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("POST /api/events — events reach the Website API", () => {
  it("a desktop Chrome pageview is stored and shows in overview, pages, referrers (normalized), campaigns, browsers and devices", async () => {
    const site = await newSite("pageview");
    const reply = await send(
      pageview(site, {
        href: `https://${site.domain}/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring`,
        referrer: "https://www.google.com/",
      }),
    );
    expectAccepted(reply);
    expect(reply.body).toEqual({ status: "success" });
    expect(await stored(site.id)).toBe(1);

    const overview = await read("/analytics/overview?fields=visitors,sessions,bounce_rate", site);
    expect(overview.data).toEqual([{ visitors: 1, sessions: 1, bounce_rate: 100 }]);
    const pages = await read("/analytics/pages", site);
    expect(pages.data).toEqual([expect.objectContaining({ hostname: site.domain, path: "/pricing", visitors: 1 })]);
    const referrers = await read("/analytics/referrers", site);
    expect(referrers.data).toEqual([expect.objectContaining({ referrer: "Google", visitors: 1 })]);
    const campaigns = await read("/analytics/campaigns", site);
    expect(campaigns.data).toEqual([
      expect.objectContaining({
        campaign: {
          utm_source: "newsletter",
          utm_medium: "email",
          utm_campaign: "spring",
          utm_term: "",
          utm_content: "",
          ref: "",
          source: "",
          via: "",
        },
        visitors: 1,
      }),
    ]);
    const browsers = await read("/analytics/browsers", site);
    expect(browsers.data).toEqual([expect.objectContaining({ browser: "Chrome", visitors: 1 })]);
    const devices = await read("/analytics/devices", site);
    expect(devices.data).toEqual([expect.objectContaining({ device: "desktop", visitors: 1 })]);
  });

  it("a second event with the same sessionId joins the same session: one session, bounce rate 0", async () => {
    const site = await newSite("session");
    const visitorId = randomUUID();
    const sessionId = `s${randomUUID()}`;
    expectAccepted(await send(pageview(site, { visitorId, sessionId, href: `https://${site.domain}/` })));
    const first = await read("/analytics/overview?fields=visitors,sessions,bounce_rate", site);
    expect(first.data).toEqual([{ visitors: 1, sessions: 1, bounce_rate: 100 }]);

    expectAccepted(await send(pageview(site, { visitorId, sessionId, href: `https://${site.domain}/docs` })));
    const second = await read("/analytics/overview?fields=visitors,sessions,bounce_rate", site);
    expect(second.data).toEqual([{ visitors: 1, sessions: 1, bounce_rate: 0 }]);
    expect(await stored(site.id)).toBe(2);
    const sessions = await (await db()).analyticsSession.findMany({ where: { websiteId: site.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ pageviews: 2, entryPath: "/", exitPath: "/docs" });
  });

  it('a custom event "Sign Up" with plan=pro shows as goal sign_up with its property in goals and goals/properties', async () => {
    const site = await newSite("goal");
    const visitorId = randomUUID();
    const sessionId = `s${randomUUID()}`;
    expectAccepted(await send(pageview(site, { visitorId, sessionId })));
    expectAccepted(
      await send(
        pageview(site, { visitorId, sessionId, type: "custom", extraData: { eventName: "Sign Up", plan: "pro" } }),
      ),
    );
    const goals = await read("/analytics/goals", site);
    expect(goals.data).toEqual([{ goal: "sign_up", completions: 1, visitors: 1 }]);
    const properties = await read("/analytics/goals/properties?eventName=sign_up&propertyName=plan", site);
    expect(properties.data).toEqual([{ property: "plan", value: "pro", completions: 1, visitors: 1 }]);
    const sessions = await read("/analytics/overview?fields=sessions", site);
    expect(sessions.data).toEqual([{ sessions: 1 }]);
  });

  it("an external_link event shows in exit-clicks", async () => {
    const site = await newSite("exit");
    const visitorId = randomUUID();
    expectAccepted(await send(pageview(site, { visitorId })));
    expectAccepted(
      await send(
        pageview(site, {
          visitorId,
          type: "external_link",
          extraData: { url: "https://github.com/keygate", text: "GitHub" },
        }),
      ),
    );
    const clicks = await read("/analytics/exit-clicks", site);
    expect(clicks.data).toEqual([
      expect.objectContaining({ url: "https://github.com/keygate", clicks: 1, visitors: 1 }),
    ]);
  });

  it("identify with user_id makes GET /visitors/{visitorId} return profile.userId and the metadata", async () => {
    const site = await newSite("identify");
    const visitorId = randomUUID();
    expectAccepted(await send(pageview(site, { visitorId })));
    expectAccepted(
      await send(
        pageview(site, {
          visitorId,
          type: "identify",
          extraData: { user_id: "u1", email: "u1@example.com", name: "Ada" },
        }),
      ),
    );
    const visitor = await read(`/visitors/${visitorId}`, site);
    expect(visitor.body.data.visitorId).toBe(visitorId);
    expect(visitor.body.data.profile).toMatchObject({
      userId: "u1",
      metadata: { email: "u1@example.com", name: "Ada" },
    });
  });

  it("a payment event with extraData.email is accepted and stored", async () => {
    const site = await newSite("payment");
    const reply = await send(pageview(site, { type: "payment", extraData: { email: "buyer@example.com" } }));
    expect(reply.status, reply.text).toBeGreaterThanOrEqual(200);
    expect(reply.status, reply.text).toBeLessThan(300);
    expect(reply.body.dropped).toBeUndefined();
    expect((await events(site.id)).map((row) => row.type)).toEqual(["payment"]);
  });

  it("every field DataFast's npm SDK 3.x sends is accepted, and the SDK's device info wins over the User-Agent", async () => {
    const site = await newSite("sdk");
    const visitorId = randomUUID();
    const sdkPayload = {
      websiteId: site.trackingId,
      domain: site.domain,
      visitorId,
      sessionId: `s${randomUUID()}`,
      visitorFirstSeenAt: new Date(Date.now() - 86_400_000).toISOString(),
      visitorSessionNumber: 3,
      href: `https://${site.domain}/__app/ios/HomeScreen?gclid=abc123`,
      referrer: null,
      type: "pageview",
      viewport: { width: 390, height: 844 },
      language: "en-US",
      timezone: "Europe/Paris",
      screenWidth: 1170,
      screenHeight: 2532,
      device: { platform: "ios", osVersion: "17.4.1", model: "iPhone15,2" },
      adClickIds: { gclid: "abc123" },
    };
    const reply = await send(sdkPayload);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toEqual({ status: "success" });
    const [row] = await events(site.id);
    expect(row).toMatchObject({ visitorId, type: "pageview", hostname: site.domain, path: "/__app/ios/HomeScreen" });
    const session = await (await db()).analyticsSession.findFirst({ where: { websiteId: site.id } });
    expect(session).toMatchObject({
      visitNumber: 3,
      osVersion: "17.4.1",
      deviceModel: "iPhone15,2",
      viewportWidth: 390,
      viewportHeight: 844,
      language: "en-US",
      adClickIds: { gclid: "abc123" },
    });
  });
});

describe("POST /api/events — dropped: acknowledged with `dropped`, not stored", () => {
  it("a bot user agent (Googlebot) is acknowledged and not stored", async () => {
    const site = await newSite("bot");
    expect(await stored(site.id)).toBe(0);
    expectDropped(await send(pageview(site), { ua: GOOGLEBOT }), "bot");
    expect(await stored(site.id)).toBe(0);
  });

  it("HeadlessChrome is acknowledged as a bot and not stored", async () => {
    const site = await newSite("headless");
    expectDropped(await send(pageview(site), { ua: HEADLESS }), "bot");
    expect(await stored(site.id)).toBe(0);
  });

  it("a request without a User-Agent (or an empty one) is acknowledged as a bot and not stored", async () => {
    const site = await newSite("no-ua");
    const missing = await rawRequest("POST", "/api/events", {
      headers: { "content-type": "application/json" },
      chunks: [JSON.stringify(pageview(site))],
    });
    expectDropped(missing, "bot");
    expectDropped(await send(pageview(site), { ua: "" }), "bot");
    expect(await stored(site.id)).toBe(0);
  });

  it("loopback client addresses are real traffic: with no exclusions, an event from 127.0.0.1 is stored", async () => {
    const site = await newSite("loopback");
    expect(await stored(site.id)).toBe(0);
    expectAccepted(await send(pageview(site)));
    expect(await stored(site.id)).toBe(1);
  });

  it("an excluded IP (127.0.0.1) is acknowledged and not stored; X-Forwarded-For does not get around it", async () => {
    const site = await newSite("ip", { excludedIps: ["127.0.0.1"] });
    expectDropped(await send(pageview(site)), "excluded_ip");
    expectDropped(await send(pageview(site), { headers: { "x-forwarded-for": "203.0.113.9" } }), "excluded_ip");
    expect(await stored(site.id)).toBe(0);
  });

  it("an excluded CIDR range (127.0.0.0/8) drops the loopback client", async () => {
    const site = await newSite("cidr", { excludedIps: ["10.0.0.0/8", "127.0.0.0/8"] });
    expectDropped(await send(pageview(site)), "excluded_ip");
    expect(await stored(site.id)).toBe(0);
  });

  it("an excluded path with a wildcard (/admin/*) drops the pages under it, and only those", async () => {
    const site = await newSite("path", { excludedPaths: ["/admin/*"] });
    expectDropped(await send(pageview(site, { href: `https://${site.domain}/admin/users?tab=1` })), "excluded_path");
    expectDropped(
      await send(pageview(site, { href: `https://${site.domain}/admin/settings/billing` })),
      "excluded_path",
    );
    expect(await stored(site.id)).toBe(0);
    expectAccepted(await send(pageview(site, { href: `https://${site.domain}/pricing` })));
    expect((await events(site.id)).map((row) => row.path)).toEqual(["/pricing"]);
  });

  it("an excluded hostname is dropped while the website's own hostname is stored", async () => {
    const site = await newSite("exhost");
    const staging = `staging.${site.domain}`;
    // Settings must be set before the site's first event (collection caches them).
    const updated = await api("PUT", `/admin/websites/${site.id}`, {
      token: owner.token,
      body: { excludedHostnames: [staging] },
    });
    expect(updated.status, updated.text).toBe(200);
    expectDropped(await send(pageview(site, { href: `https://${staging}/` })), "excluded_hostname");
    expect(await stored(site.id)).toBe(0);
    expectAccepted(await send(pageview(site, { href: `https://${site.domain}/` })));
    expect(await stored(site.id)).toBe(1);
  });

  it("a hostname that is not the website's is dropped, lookalikes included", async () => {
    const site = await newSite("foreign");
    expectDropped(await send(pageview(site, { href: "https://evil.example.org/" })), "hostname_not_allowed");
    expectDropped(
      await send(pageview(site, { href: `https://${site.domain}.evil.example.org/` })),
      "hostname_not_allowed",
    );
    expectDropped(await send(pageview(site, { href: `https://not${site.domain}/` })), "hostname_not_allowed");
    expect(await stored(site.id)).toBe(0);
  });

  it("subdomains of the website's domain, www, an allowed hostname and localhost are accepted", async () => {
    const site = await newSite("allowed", { allowedHostnames: ["partner.example.net", "*.shop.example.io"] });
    const hrefs = [
      `https://${site.domain}/`,
      `https://www.${site.domain}/`,
      `https://app.${site.domain}/dashboard`,
      "https://partner.example.net/checkout",
      "https://eu.shop.example.io/",
      "http://localhost:3000/",
    ];
    for (const href of hrefs) expectAccepted(await send(pageview(site, { href })));
    expect(await stored(site.id)).toBe(hrefs.length);
  });
});

describe("POST /api/events — invalid payloads are a 400 envelope and store nothing", () => {
  let site: Site;
  beforeAll(async () => {
    site = await newSite("invalid");
  });

  it("malformed JSON → 400 envelope", async () => {
    expectEnvelope(await send(null, { raw: '{"websiteId": "dfid_x", "type": "pageview",' }), 400);
    expectEnvelope(await send(null, { raw: "" }), 400);
    expect(await stored(site.id)).toBe(0);
  });

  const cases: [string, (site: Site) => unknown, string][] = [
    ["a JSON body that is not an object", () => null, "(body)"],
    ["a JSON array", (s) => [pageview(s)], "(body)"],
    ["a missing websiteId", (s) => ({ ...pageview(s), websiteId: undefined }), "websiteId"],
    ["an unknown type", (s) => pageview(s, { type: "click" }), "type"],
    ["an href that is javascript:", (s) => pageview(s, { href: "javascript:alert(1)" }), "href"],
    ["an href that is ftp:", (s) => pageview(s, { href: `ftp://${s.domain}/file` }), "href"],
    ["an href that is not a URL", (s) => pageview(s, { href: "not a url" }), "href"],
    ["a visitorId that is not a UUID", (s) => pageview(s, { visitorId: "visitor-123" }), "visitorId"],
    ["no visitorId without cookieless", (s) => pageview(s, { visitorId: undefined }), "visitorId"],
    ["a sessionId without the s prefix", (s) => pageview(s, { sessionId: randomUUID() }), "sessionId"],
    ["a sessionId that is s + garbage", (s) => pageview(s, { sessionId: "sabc" }), "sessionId"],
    [
      "a custom event named with accents and punctuation",
      (s) => pageview(s, { type: "custom", extraData: { eventName: "héllo wörld!!" } }),
      "extraData.eventName",
    ],
    [
      "a custom event named with 65 characters",
      (s) => pageview(s, { type: "custom", extraData: { eventName: "a".repeat(65) } }),
      "extraData.eventName",
    ],
    [
      "a custom event without eventName",
      (s) => pageview(s, { type: "custom", extraData: { plan: "pro" } }),
      "extraData.eventName",
    ],
    [
      "identify without user_id",
      (s) => pageview(s, { type: "identify", extraData: { email: "x@example.com" } }),
      "extraData.user_id",
    ],
    [
      "identify with a non-string user_id",
      (s) => pageview(s, { type: "identify", extraData: { user_id: { $ne: null } } }),
      "extraData.user_id",
    ],
    ["a viewport width that is not a number", (s) => pageview(s, { viewport: { width: "wide" } }), "viewport.width"],
  ];
  for (const [what, build, path] of cases) {
    it(`${what} → 400 naming ${path}, nothing stored`, async () => {
      expectInvalid(await send(build(site)), path);
      expect(await stored(site.id)).toBe(0);
    });
  }
});

describe("POST /api/events — other refusals", () => {
  it("an unknown tracking id → 404 envelope", async () => {
    const site = await newSite("unknown");
    const reply = await send(pageview(site, { websiteId: "dfid_nope0000000000" }));
    expectEnvelope(reply, 404);
    expect(reply.body.error.message).toMatch(/website/i);
  });

  it("a body over 16 KiB → 413 envelope, nothing stored", async () => {
    const site = await newSite("big");
    const big = pageview(site, { type: "custom", extraData: { eventName: "big", blob: "x".repeat(17 * 1024) } });
    expectEnvelope(await send(big), 413);
    expect(await stored(site.id)).toBe(0);
  });

  it("a body over 16 KiB sent chunked, without Content-Length → 413 envelope, nothing stored", async () => {
    const site = await newSite("chunked");
    const body = JSON.stringify(pageview(site, { extraData: { blob: "x".repeat(17 * 1024) } }));
    const chunks = [body.slice(0, 4096), body.slice(4096, 12_000), body.slice(12_000)];
    const reply = await rawRequest("POST", "/api/events", {
      headers: { "content-type": "application/json", "user-agent": CHROME },
      chunks,
    });
    expectEnvelope(reply, 413);
    expect(await stored(site.id)).toBe(0);
  });

  it("a wrong method (GET, PUT, DELETE /api/events) → a 4xx JSON envelope, not a 500 and not Next's HTML", async () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const response = await fetch(`${baseUrl}/api/events`, { method, headers: { "user-agent": CHROME } });
      const text = await response.text();
      expect(response.status, `${method}: ${text}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${method}: ${text}`).toBeLessThan(500);
      expect(response.headers.get("content-type"), method).toMatch(/^application\/json/);
      expect(text).not.toMatch(/<html/i);
      const body = JSON.parse(text);
      expect(body.status).toBe("error");
      expect(body.error.code).toBe(response.status);
    }
  });
});

describe("POST /api/events — hostile input is cleaned, not refused", () => {
  it("NUL and control characters in the href path (%00, %01) → 200, stored without them", async () => {
    const site = await newSite("nul-path");
    const reply = await send(pageview(site, { href: `https://${site.domain}/a%00b%01c%1Fd` }));
    expectAccepted(reply);
    const [row] = await events(site.id);
    expect(row?.path).toBe("/abcd");
  });

  it("NUL in utm_* query parameters of href → 200, stored without the NUL", async () => {
    const site = await newSite("nul-utm");
    const reply = await send(pageview(site, { href: `https://${site.domain}/?utm_source=news%00letter&ref=a%00b` }));
    expect(reply.status, reply.text).toBe(200);
    expect(await stored(site.id)).toBe(1);
    const session = await (await db()).analyticsSession.findFirst({ where: { websiteId: site.id } });
    expect(session?.utmSource).toBe("newsletter");
    expect(session?.ref).toBe("ab");
  });

  it("a malformed percent-encoding in the path → 200, stored as sent", async () => {
    const site = await newSite("bad-escape");
    expectAccepted(await send(pageview(site, { href: `https://${site.domain}/caf%E9/%E0%A4%A` })));
    const [row] = await events(site.id);
    expect(row?.path).toBe("/caf%E9/%E0%A4%A");
  });

  it("NUL and control characters in custom-event extraData keys and values → 200, no NUL stored", async () => {
    const site = await newSite("nul-custom");
    const reply = await send(
      pageview(site, {
        type: "custom",
        extraData: { eventName: "signup", "pl\u0000an": "x", plan: "p\u0000r\u0001o", "a\u0007b": "c" },
      }),
    );
    expectAccepted(reply);
    const [row] = await events(site.id);
    expect(row?.name).toBe("signup");
    expect(row?.properties).toEqual({ plan: "pro" });
    const properties = await read("/analytics/goals/properties?eventName=signup&propertyName=plan", site);
    expect(properties.data).toEqual([expect.objectContaining({ value: "pro" })]);
  });

  it("NUL in external_link url and text, in referrer, language, device and adClickIds → 200, no NUL stored", async () => {
    const site = await newSite("nul-misc");
    const visitorId = randomUUID();
    expectAccepted(
      await send(
        pageview(site, {
          visitorId,
          referrer: "https://www.google.com/\u0000search",
          language: "en\u0000-US",
          device: { platform: "ios", osVersion: "17\u0000.4", model: "iPhone\u0000" },
          adClickIds: { "gcl\u0000id": "a\u0000b" },
        }),
      ),
    );
    expectAccepted(
      await send(
        pageview(site, {
          visitorId,
          type: "external_link",
          extraData: { url: "https://github.com/\u0000x", text: "Git\u0000Hub" },
        }),
      ),
    );
    const rows = await events(site.id);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.properties).toEqual({ url: "https://github.com/x", text: "GitHub" });
    const session = await (await db()).analyticsSession.findFirst({ where: { websiteId: site.id } });
    expect(JSON.stringify(session)).not.toContain("\\u0000");
    expect(session).toMatchObject({
      language: "en-US",
      osVersion: "17.4",
      deviceModel: "iPhone",
      adClickIds: { gclid: "ab" },
    });
  });

  it("NUL in identify user_id and metadata keys and values → 200, profile stored without the NUL", async () => {
    const site = await newSite("nul-identify");
    const visitorId = randomUUID();
    expectAccepted(await send(pageview(site, { visitorId })));
    expectAccepted(
      await send(
        pageview(site, {
          visitorId,
          type: "identify",
          extraData: { user_id: "u\u00001", "em\u0000ail": "a\u0000@example.com", nested: { "k\u0000": ["v\u0000"] } },
        }),
      ),
    );
    const profile = await (await db()).analyticsProfile.findFirst({ where: { websiteId: site.id, visitorId } });
    expect(profile?.userId).toBe("u1");
    expect(profile?.metadata).toEqual({ email: "a@example.com", nested: { k: ["v"] } });
    const visitor = await read(`/visitors/${visitorId}`, site);
    expect(visitor.body.data.profile).toMatchObject({ userId: "u1", metadata: { email: "a@example.com" } });
  });

  const surrogates: [string, Record<string, unknown>][] = [
    ["a custom event property value", { type: "custom", extraData: { eventName: "signup", plan: "\ud800" } }],
    ["an identify metadata value", { type: "identify", extraData: { user_id: "u1", name: "\udfff" } }],
    ["an external_link text", { type: "external_link", extraData: { url: "https://github.com/", text: "\ud800" } }],
    ["an adClickIds value", { adClickIds: { gclid: "\udc00" } }],
  ];
  for (const [what, overrides] of surrogates) {
    it(`a lone UTF-16 surrogate in ${what} → 200 or a 400 envelope, never a 500`, async () => {
      const site = await newSite("surrogate");
      const visitorId = randomUUID();
      expectAccepted(await send(pageview(site, { visitorId })));
      const reply = await send(pageview(site, { visitorId, ...overrides }));
      expect([200, 400], reply.text).toContain(reply.status);
    });
  }

  it("a 4,000-character path is stored truncated to at most 1000 characters", async () => {
    const site = await newSite("long-path");
    expectAccepted(await send(pageview(site, { href: `https://${site.domain}/${"a".repeat(4000)}` })));
    const [row] = await events(site.id);
    expect(row?.path.length).toBeLessThanOrEqual(1000);
    expect(row?.path.startsWith("/aaaa")).toBe(true);
  });

  it("a 10,000-character path is stored truncated (at most 1000 characters) rather than failing", async () => {
    const site = await newSite("huge-path");
    const reply = await send(pageview(site, { href: `https://${site.domain}/${"a".repeat(10_000)}` }));
    expect(reply.status, reply.text).toBe(200);
    const [row] = await events(site.id);
    expect(row?.path.length).toBeLessThanOrEqual(1000);
    expect(row?.path.startsWith("/aaaa")).toBe(true);
  });
});

describe("POST /api/events — cookieless visitors", () => {
  it("the server picks a UUID v4 visitor id from IP, UA, website and day, and stores events under it", async () => {
    const site = await newSite("cookieless");
    const clientIds = [randomUUID(), randomUUID(), randomUUID()];
    const first = await send(pageview(site, { cookieless: true, visitorId: clientIds[0] }));
    const second = await send(
      pageview(site, { cookieless: true, visitorId: clientIds[1], href: `https://${site.domain}/docs` }),
    );
    const firefox = await send(pageview(site, { cookieless: true, visitorId: clientIds[2] }), { ua: FIREFOX });
    for (const reply of [first, second, firefox]) {
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.visitorId).toMatch(UUID_V4);
    }
    expect(second.body.visitorId).toBe(first.body.visitorId);
    expect(firefox.body.visitorId).not.toBe(first.body.visitorId);
    for (const clientId of clientIds) expect([first.body.visitorId, firefox.body.visitorId]).not.toContain(clientId);

    const rows = await events(site.id);
    expect(rows.map((row) => row.visitorId)).toEqual([
      first.body.visitorId,
      first.body.visitorId,
      firefox.body.visitorId,
    ]);
    const overview = await read("/analytics/overview?fields=visitors", site);
    expect(overview.data).toEqual([{ visitors: 2 }]);
  });

  it("the same browser gets another cookieless id on another website, and no visitorId is needed", async () => {
    const one = await newSite("cookieless-a");
    const two = await newSite("cookieless-b");
    const a = await send(pageview(one, { cookieless: true }));
    const b = await send(pageview(two, { cookieless: true, visitorId: undefined }));
    expect(a.status, a.text).toBe(200);
    expect(b.status, b.text).toBe(200);
    expect(b.body.visitorId).toMatch(UUID_V4);
    expect(b.body.visitorId).not.toBe(a.body.visitorId);
    expect((await events(two.id)).map((row) => row.visitorId)).toEqual([b.body.visitorId]);
  });
});

describe("the tracker and flags", () => {
  it("GET /js/script.js → 200 text/javascript, under 8 KB, mentions datafast", async () => {
    const response = await fetch(`${baseUrl}/js/script.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.length).toBeLessThan(8 * 1024);
    expect(bytes.toString("utf8")).toContain("datafast");
  });

  it("GET /flags/fr.svg → 200 image/svg+xml", async () => {
    const response = await fetch(`${baseUrl}/flags/fr.svg`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(await response.text()).toMatch(/<svg/);
  });

  it("path traversal and unknown countries under /flags → 404, never a 500", async () => {
    for (const path of [
      "/flags/../../etc/passwd",
      "/flags/..%2F..%2Fetc%2Fpasswd",
      "/flags/%2e%2e/%2e%2e/etc/passwd",
      "/flags/xx.svg",
      "/flags/fr.svg.exe",
      "/flags/",
    ]) {
      const reply = await rawRequest("GET", path);
      expect(reply.status, `${path}: ${reply.text.slice(0, 200)}`).toBe(404);
      expect(reply.text).not.toMatch(/root:/);
    }
    const unknown = await rawRequest("GET", "/flags/xx.svg");
    expectEnvelope(unknown, 404);
  });
});

describe("POST /api/events — a website deleted while the collector still remembers it", () => {
  it("answers 404 for its tracking id, never a 500", async () => {
    const { deleteWebsite } = await import("../src/server/services/delete-website");
    const site = await newSite("deleted");
    expectAccepted(await send(pageview(site)));
    await deleteWebsite({
      principal: { kind: "session", userId: owner.id },
      origin: { ip: null, userAgent: null },
      websiteId: site.id,
      confirmDomain: site.domain,
    });
    const reply = await send(pageview(site));
    expectEnvelope(reply, 404);
  });
});
