// The web tracker (src/server/collect/script.js) on a fake site, with its events endpoint intercepted: no server needed.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import config from "../playwright.config";

const SCRIPT = readFileSync(fileURLToPath(new URL("../src/server/collect/script.js", import.meta.url)));
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SESSION_ID = /^s[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CORS = { "Access-Control-Allow-Origin": "*" };

// Playwright's Chromium reports navigator.webdriver = true, which switches the tracker off.
const launchOptions = config.use?.launchOptions ?? {};
test.use({
  launchOptions: {
    ...launchOptions,
    args: [...(launchOptions.args ?? []), "--disable-blink-features=AutomationControlled"],
  },
});

interface TrackedEvent {
  websiteId: string;
  domain: string;
  type: string;
  href: string;
  referrer: string | null;
  visitorId: string;
  sessionId: string;
  viewport: { width: number; height: number };
  adClickIds?: Record<string, string>;
  extraData?: Record<string, unknown>;
}

interface SiteOptions {
  /** Extra attributes on the tracker's <script> tag. */
  attributes?: string;
  /** HTML before the tracker's <script> tag. */
  head?: string;
  body?: string;
  origin?: string;
}

/** Serves a page embedding the tracker at every path of `origin`, and records what reaches the events endpoint. */
async function site(
  page: Page,
  { attributes = "", head = "", body = "", origin = "http://shop.test" }: SiteOptions = {},
) {
  const recorded = { events: [] as TrackedEvent[], requests: [] as string[], scriptLoads: 0 };
  await page.route("http://keygate.test/js/script.js", (route) => {
    recorded.scriptLoads++;
    return route.fulfill({ body: SCRIPT, contentType: "text/javascript" });
  });
  await page.route("http://keygate.test/api/events", (route) => {
    const request = route.request();
    // Chromium under Playwright (1.5x) answers the CORS preflight of a routed URL itself, so this is a fallback.
    if (request.method() === "OPTIONS") {
      return route.fulfill({
        status: 204,
        headers: {
          ...CORS,
          "Access-Control-Allow-Headers": "content-type",
          "Access-Control-Allow-Methods": "POST, OPTIONS",
        },
      });
    }
    recorded.requests.push(`${request.method()} ${request.headers()["content-type"]}`);
    recorded.events.push(request.postDataJSON());
    return route.fulfill({ status: 200, headers: CORS, contentType: "application/json", body: "{}" });
  });
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><head><title>Shop</title>${head}
<script defer data-website-id="dfid_test" data-domain="shop.test" ${attributes}
  src="http://keygate.test/js/script.js"></script></head><body>${body}</body></html>`,
    }),
  );
  return recorded;
}

/** Time for anything the tracker would send (after its 100 ms navigation debounce) to arrive. */
const quietPeriod = (page: Page) => page.waitForTimeout(500);

test("the tracker stays small", () => {
  expect(SCRIPT.length).toBeLessThan(8 * 1024);
});

test("a page load sends one pageview with DataFast's fields and sets the visitor and session cookies", async ({
  page,
  context,
}) => {
  const { events, requests } = await site(page);
  await page.goto("http://shop.test/pricing?plan=pro");
  expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
  await expect.poll(() => events.length).toBe(1);
  const [pageview] = events;
  expect(Object.keys(pageview).sort()).toEqual(
    ["domain", "href", "referrer", "sessionId", "type", "viewport", "visitorId", "websiteId"].sort(),
  );
  expect(pageview).toMatchObject({
    websiteId: "dfid_test",
    domain: "shop.test",
    type: "pageview",
    href: "http://shop.test/pricing?plan=pro",
    referrer: null,
    viewport: page.viewportSize() ?? {},
  });
  expect(pageview.visitorId).toMatch(UUID_V4);
  expect(pageview.sessionId).toMatch(SESSION_ID);
  expect(requests).toEqual(["POST application/json"]);

  const cookies = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
  const now = Date.now() / 1000;
  expect(cookies.datafast_visitor_id).toMatchObject({ value: pageview.visitorId, domain: ".shop.test", path: "/" });
  expect(cookies.datafast_visitor_id.sameSite).toBe("Lax");
  expect(cookies.datafast_visitor_id.expires - now).toBeGreaterThan(364 * 86400);
  expect(cookies.datafast_session_id).toMatchObject({ value: pageview.sessionId, domain: ".shop.test" });
  expect(cookies.datafast_session_id.expires - now).toBeGreaterThan(1700);
  expect(cookies.datafast_session_id.expires - now).toBeLessThanOrEqual(1800);
});

test("history navigation sends a pageview per new path with the same ids; the same URL within 60 s is skipped", async ({
  page,
}) => {
  const { events } = await site(page);
  await page.goto("http://shop.test/");
  await expect.poll(() => events.length).toBe(1);

  await page.evaluate(() => history.pushState({}, "", "/docs"));
  await expect.poll(() => events.length).toBe(2);
  expect(events[1]).toMatchObject({ type: "pageview", href: "http://shop.test/docs", referrer: null });
  expect(events[1].visitorId).toBe(events[0].visitorId);
  expect(events[1].sessionId).toBe(events[0].sessionId);

  await page.evaluate(() => history.replaceState({}, "", "/docs?tab=api")); // same path: not a new page
  await quietPeriod(page);
  expect(events).toHaveLength(2);

  await page.evaluate(() => history.back()); // popstate to /
  await expect.poll(() => events.length).toBe(3);
  expect(events[2]).toMatchObject({ type: "pageview", href: "http://shop.test/" });

  await page.reload(); // same URL again within 60 s
  await quietPeriod(page);
  expect(events).toHaveLength(3);
});

test("datafast() sends custom events with normalized names and params, identify and payment", async ({ page }) => {
  const { events } = await site(page);
  await page.goto("http://shop.test/");
  await expect.poll(() => events.length).toBe(1);

  await page.evaluate(() => {
    const datafast = (window as unknown as { datafast: (name: string, params?: object) => void }).datafast;
    datafast("signup", { plan: "pro" });
    datafast("Sign Up Started!", { Plan: "pro", seats: 3, note: `<b>${"x".repeat(300)}</b>`, "bad key": "dropped" });
    datafast("identify", { user_id: "user_42", name: "Ada", image: "https://shop.test/ada.png", tier: "gold" });
    datafast("payment", { email: "ada@example.com", amount: 10 });
    datafast("payment", {}); // no email: not sent
    datafast("!!!", {}); // nothing left of the name: not sent
  });
  await expect.poll(() => events.length).toBe(5);
  await quietPeriod(page);
  // Sent concurrently: compare in a stable order.
  const byType = (type: string) =>
    events
      .filter((e) => e.type === type)
      .map((e) => e.extraData)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  expect(byType("custom")).toEqual([
    { eventName: "sign_up_started", plan: "pro", seats: "3", note: `b${"x".repeat(300)}/b`.slice(0, 255) },
    { eventName: "signup", plan: "pro" },
  ]);
  expect(byType("identify")).toEqual([
    { user_id: "user_42", name: "Ada", image: "https://shop.test/ada.png", tier: "gold" },
  ]);
  expect(byType("payment")).toEqual([{ email: "ada@example.com" }]);
  expect(new Set(events.map((e) => e.visitorId)).size).toBe(1);
});

test("calls queued before the script loads are replayed", async ({ page }) => {
  const stub = `<script>
    window.datafast = window.datafast || function () { (window.datafast.q = window.datafast.q || []).push(arguments); };
    window.datafast("identify", { user_id: "early_user" });
    window.datafast("Early Goal", { step: 1 });
  </script>`;
  const { events } = await site(page, { head: stub });
  await page.goto("http://shop.test/");
  await expect.poll(() => events.length).toBe(3);
  expect(events.map((e) => [e.type, e.extraData])).toEqual(
    expect.arrayContaining([
      ["pageview", undefined],
      ["identify", { user_id: "early_user", name: "" }],
      ["custom", { eventName: "early_goal", step: "1" }],
    ]),
  );
});

test("data-fast-goal elements send their goal with params on click, Enter or Space", async ({ page }) => {
  const body = `
    <button data-fast-goal="Checkout Click" data-fast-goal-plan-name="pro"><span>Buy</span></button>
    <div tabindex="0" data-fast-goal="newsletter" data-fast-goal-place="footer">Subscribe</div>`;
  const { events } = await site(page, { body });
  await page.goto("http://shop.test/");
  await expect.poll(() => events.length).toBe(1);

  await page.getByText("Buy").click(); // on a child of the goal element
  await expect.poll(() => events.length).toBe(2);
  expect(events[1]).toMatchObject({ type: "custom", extraData: { eventName: "checkout_click", plan_name: "pro" } });

  await page.getByText("Subscribe").focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Buy" }).press("Enter"); // the button's own click: counted once
  await expect.poll(() => events.length).toBe(5);
  await quietPeriod(page);
  expect(events.slice(2).map((e) => e.extraData)).toEqual(
    expect.arrayContaining([
      { eventName: "newsletter", place: "footer" },
      { eventName: "checkout_click", plan_name: "pro" },
    ]),
  );
  expect(events.filter((e) => e.extraData?.eventName === "newsletter")).toHaveLength(2);
});

test("a click on a link to another site sends external_link; links within the domain do not", async ({ page }) => {
  // The tracker listens on document in the capture phase; this page's listener on window runs after it and keeps
  // the browser on the page.
  const head = `<script>window.addEventListener("click", (e) => e.preventDefault());</script>`;
  const body = `
    <a href="http://elsewhere.test/deal?ref=shop">
      Our   partner
    </a>
    <a href="http://blog.shop.test/post">Blog</a>
    <a href="/about">About</a>`;
  const { events } = await site(page, { head, body });
  await page.goto("http://shop.test/");
  await expect.poll(() => events.length).toBe(1);

  await page.getByText("Blog").click();
  await page.getByText("About").click();
  await page.getByText("Our partner").click();
  await expect.poll(() => events.length).toBe(2);
  await quietPeriod(page);
  expect(events[1]).toMatchObject({
    type: "external_link",
    href: "http://shop.test/",
    extraData: { url: "http://elsewhere.test/deal?ref=shop", text: "Our   partner" },
  });
  expect(events).toHaveLength(2);
});

test("cross-domain: ids in the URL are adopted and stripped; links to allowed hosts carry them", async ({ page }) => {
  const head = `<script>window.addEventListener("click", (e) => e.preventDefault());</script>`;
  const body = `<a href="https://app.partner.test/start?x=1">Start</a>`;
  const { events } = await site(page, { head, body, attributes: 'data-allowed-hostnames="partner.test, other.test"' });
  const visitorId = "8a7c1e2b-3d4f-4a5b-9c6d-7e8f9a0b1c2d";
  const sessionId = "s1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
  await page.goto(`http://shop.test/welcome?_df_vid=${visitorId}&gclid=abc&_df_sid=${sessionId}`);
  await expect.poll(() => events.length).toBe(1);
  expect(page.url()).toBe("http://shop.test/welcome?gclid=abc");
  expect(events[0]).toMatchObject({
    type: "pageview",
    href: "http://shop.test/welcome?gclid=abc",
    visitorId,
    sessionId,
    adClickIds: { gclid: "abc" },
  });

  await page.getByText("Start").click();
  await expect(page.getByText("Start")).toHaveAttribute(
    "href",
    `https://app.partner.test/start?x=1&_df_vid=${visitorId}&_df_sid=${sessionId}`,
  );
  await quietPeriod(page);
  expect(events).toHaveLength(1); // an allowed host is not an external link
});

test("localhost is tracked only with data-allow-localhost, with host-only cookies", async ({ page, context }) => {
  const off = await site(page, { origin: "http://localhost:4719" });
  await page.goto("http://localhost:4719/");
  await quietPeriod(page);
  expect(off.scriptLoads).toBe(1);
  expect(off.events).toHaveLength(0);

  const second = await context.newPage();
  const on = await site(second, { origin: "http://localhost:4719", attributes: 'data-allow-localhost="true"' });
  await second.goto("http://localhost:4719/app");
  await expect.poll(() => on.events.length).toBe(1);
  const visitor = (await context.cookies()).find((c) => c.name === "datafast_visitor_id");
  expect(visitor).toMatchObject({ value: on.events[0].visitorId, domain: "localhost" });
});

for (const [name, init] of [
  ['localStorage.datafast_ignore is "true"', () => localStorage.setItem("datafast_ignore", "true")],
  ["navigator.webdriver is true", () => Object.defineProperty(navigator, "webdriver", { get: () => true })],
] as const) {
  test(`nothing is sent when ${name}, and datafast() is a harmless no-op`, async ({ page }) => {
    await page.addInitScript(init);
    const recorded = await site(page);
    await page.goto("http://shop.test/");
    expect(recorded.scriptLoads).toBe(1);
    await page.evaluate(() => (window as unknown as { datafast: (name: string) => void }).datafast("signup"));
    await quietPeriod(page);
    expect(recorded.events).toHaveLength(0);
  });
}
