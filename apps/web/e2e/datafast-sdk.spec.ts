// The real DataFast web SDK (npm `datafast`) on a customer's page at shop.example.com sends a pageview, a goal, an
// identify and a payment hint to Keygate's /api/events; Keygate's Website API then shows them, and a server-side
// payment without a visitor id is attributed to that visitor through the email the SDK sent.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type APIRequestContext, expect, test } from "@playwright/test";
import config from "../playwright.config";

const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
const SDK = readFileSync(`${WEB_DIR}/node_modules/datafast/dist/web/index.mjs`);
const DOMAIN = "shop.example.com";

// The SDK turns itself into a no-op under automation (navigator.webdriver), on localhost and for headless user agents;
// Keygate drops HeadlessChrome as a bot. So: a real-looking browser on a real-looking host name mapped to loopback.
const launchOptions = config.use?.launchOptions ?? {};
test.use({
  launchOptions: {
    ...launchOptions,
    args: [
      ...(launchOptions.args ?? []),
      "--disable-blink-features=AutomationControlled",
      `--host-resolver-rules=MAP ${DOMAIN} 127.0.0.1`,
    ],
  },
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
});

/** Keygate's ops CLI against the e2e database (the documented way to create users and tokens). */
function ops(...args: string[]): string {
  return execFileSync(`${WEB_DIR}/node_modules/.bin/tsx`, ["src/ops/cli.ts", ...args], {
    cwd: WEB_DIR,
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, NODE_ENV: "test", DEMO_SEED: "false" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/** The customer's site: one page that loads the SDK as an ES module, and the SDK's bundle. */
function customerSite(page: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === "/datafast.mjs") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(SDK);
    } else if (request.url === "/" || request.url?.startsWith("/?")) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

interface Sent {
  type: string;
  payload: Record<string, unknown>;
  status: number | undefined;
  body: string | undefined;
}

interface SdkWindow {
  datafast: {
    trackPageview(path?: string): Promise<void>;
    track(name: string, properties?: Record<string, string | number | boolean>): Promise<void>;
    identify(userId: string, properties?: Record<string, unknown>): Promise<void>;
    trackPayment(data: { email?: string; amount?: number; currency?: string }): Promise<void>;
    flush(): Promise<void>;
    getVisitorId(): string | null;
    isInitialized(): boolean;
  };
}

async function getJson(request: APIRequestContext, token: string, path: string) {
  const response = await request.get(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status(), body: await response.json() };
}

test("the DataFast web SDK sends pageview, goal, identify and payment to Keygate, and the Website API shows them", async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(90_000);
  const baseUrl = process.env.E2E_BASE_URL as string;
  expect(baseUrl).toMatch(/^http:\/\/localhost:\d+$/);

  // An account with a token, and a website for shop.example.com, all over Keygate's own interfaces.
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const owner = `sdk-${stamp}@example.com`;
  ops("user:create", "--email", owner, "--password", "correct horse battery");
  const token = ops("token:create", "--email", owner, "--name", "sdk e2e").split("\n").at(-1) ?? "";
  expect(token).toMatch(/^dft_/);
  const auth = { authorization: `Bearer ${token}` };
  const created = await request.post("/api/v1/admin/websites", {
    headers: auth,
    data: { domain: DOMAIN, timezone: "UTC", name: "Shop" },
  });
  expect(created.status(), await created.text()).toBe(200);
  const [website] = (await created.json()).data as { websiteId: string; domain: string; trackingId: string }[];
  expect(website).toMatchObject({ domain: DOMAIN, trackingId: expect.any(String) });
  const { websiteId, trackingId } = website as { websiteId: string; trackingId: string };

  const apiUrl = `${baseUrl}/api/events`;
  const customerEmail = `buyer-${stamp}@example.com`;
  const site = await customerSite(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1>
<script type="module">
  import { initDataFast } from "/datafast.mjs";
  window.datafast = await initDataFast(${JSON.stringify({ websiteId: trackingId, domain: DOMAIN, apiUrl, flushInterval: 250 })});
  document.body.dataset.ready = "true";
</script></body></html>`);
  try {
    const port = (site.address() as AddressInfo).port;

    // Every request the SDK makes to Keygate's collection endpoint, with Keygate's answer.
    const sent: Sent[] = [];
    const pending: Promise<void>[] = [];
    page.on("request", (req) => {
      if (req.method() !== "POST" || !req.url().startsWith(apiUrl)) return;
      const payload = req.postDataJSON() as Record<string, unknown>;
      const entry: Sent = { type: String(payload.type), payload, status: undefined, body: undefined };
      sent.push(entry);
      pending.push(
        req.response().then(async (res) => {
          entry.status = res?.status();
          entry.body = await res?.text().catch(() => undefined);
        }),
      );
    });
    const otherHosts: string[] = [];
    page.on("request", (req) => {
      const url = new URL(req.url());
      if (url.host !== `${DOMAIN}:${port}` && !req.url().startsWith(apiUrl)) otherHosts.push(req.url());
    });

    await page.goto(`http://${DOMAIN}:${port}/`);
    expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
    await expect(page.locator("body[data-ready=true]")).toBeAttached();
    expect(await page.evaluate(() => (window as unknown as SdkWindow).datafast.isInitialized())).toBe(true);

    await page.evaluate(async (email) => {
      const { datafast } = window as unknown as SdkWindow;
      await datafast.trackPageview();
      await datafast.track("signup", { plan: "pro" });
      await datafast.identify("user_42", { name: "Ada Lovelace", email, plan: "pro" });
      await datafast.trackPayment({ email, amount: 29, currency: "USD" });
      await datafast.flush();
    }, customerEmail);
    // The SDK sends its queue one event per request, in order (and retries a failed one up to 3 times).
    const TYPES = ["pageview", "custom", "identify", "payment"];
    await expect
      .poll(() => sent.filter((entry) => entry.status !== undefined).map((entry) => entry.type), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(TYPES));
    await Promise.all(pending);
    for (const entry of sent) {
      console.log(`[datafast-sdk] ${entry.type} → ${entry.status} ${entry.body}\n  ${JSON.stringify(entry.payload)}`);
    }
    expect(otherHosts).toEqual([]);
    expect(
      sent.map(({ type, status, body }) => ({ type, status, body: body === undefined ? body : JSON.parse(body) })),
      "each event is sent once to Keygate's /api/events and accepted",
    ).toEqual(TYPES.map((type) => ({ type, status: 200, body: { status: "success" } })));

    // The visitor id the SDK used: its getter, its cookie and every payload agree.
    const visitorId = (await page.evaluate(() => (window as unknown as SdkWindow).datafast.getVisitorId())) ?? "";
    expect(visitorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const cookie = (await context.cookies()).find((c) => c.name === "datafast_visitor_id");
    expect(cookie).toMatchObject({ value: visitorId, domain: `.${DOMAIN}` });
    expect(new Set(sent.map((entry) => entry.payload.visitorId))).toEqual(new Set([visitorId]));
    expect(sent[0]?.payload).toMatchObject({
      websiteId: trackingId,
      domain: DOMAIN,
      href: `http://${DOMAIN}:${port}/`,
    });
    expect(sent[1]?.payload.extraData).toEqual({ eventName: "signup", plan: "pro" });
    expect(sent[3]?.payload.extraData).toEqual({ email: customerEmail, amount: 29, currency: "USD" });

    // The Website API shows them.
    const q = `websiteId=${websiteId}`;
    const poll = { timeout: 15_000 };
    await expect
      .poll(async () => (await getJson(request, token, `/analytics/overview?${q}`)).body.data?.[0]?.visitors ?? 0, poll)
      .toBeGreaterThanOrEqual(1);
    expect((await getJson(request, token, `/analytics/overview?${q}`)).body.data[0]).toMatchObject({ sessions: 1 });
    await expect
      .poll(async () => (await getJson(request, token, `/analytics/goals?${q}`)).body.data, poll)
      .toEqual([expect.objectContaining({ goal: "signup", completions: 1, visitors: 1 })]);
    await expect
      .poll(async () => (await getJson(request, token, `/analytics/pages?${q}`)).body.data, poll)
      .toContainEqual(expect.objectContaining({ hostname: DOMAIN, path: "/", visitors: 1 }));

    const visitor = await getJson(request, token, `/visitors/${visitorId}?${q}`);
    expect(visitor.status, JSON.stringify(visitor.body)).toBe(200);
    console.log(`[datafast-sdk] GET /visitors/${visitorId} → ${JSON.stringify(visitor.body.data)}`);
    expect(visitor.body.data).toMatchObject({
      visitorId,
      activity: {
        pageViewCount: 1,
        completedGoals: expect.arrayContaining([expect.objectContaining({ name: "signup" })]),
      },
      profile: { userId: "user_42", metadata: expect.objectContaining({ email: customerEmail, plan: "pro" }) },
    });

    // A payment from the server (e.g. a Stripe webhook) with no visitor id: the email hint attributes it.
    const payment = await request.post(`/api/v1/payments?${q}`, {
      headers: auth,
      data: { amount: 29, currency: "USD", transaction_id: `tx_${stamp}`, email: customerEmail },
    });
    const paymentReply = await payment.json();
    console.log(`[datafast-sdk] POST /payments → ${payment.status()} ${JSON.stringify(paymentReply)}`);
    expect(payment.status()).toBe(200);
    expect(paymentReply).toEqual({
      message: expect.stringContaining("attributed"),
      transaction_id: `tx_${stamp}`,
    });
    expect(paymentReply.message).not.toContain("not attributed");
    const overview = (await getJson(request, token, `/analytics/overview?${q}`)).body.data[0];
    console.log(`[datafast-sdk] GET /analytics/overview → ${JSON.stringify(overview)}`);
    expect(overview).toMatchObject({ revenue: 29, payments: 1 });
    expect(overview.conversion_rate).toBeGreaterThan(0);
    const paid = await getJson(request, token, `/visitors/${visitorId}?${q}`);
    expect(JSON.stringify(paid.body.data)).toContain(`tx_${stamp}`);
  } finally {
    site.closeAllConnections();
    await new Promise((resolve) => site.close(resolve));
  }
});
