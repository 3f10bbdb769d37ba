// A website's Overview: the install panel until the first event, exact headline numbers for known
// events, filters by clicking rows, phone width, dark mode and the keyboard.
import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { seedOverviewFixture } from "./db";
import { createWebsite, expectAccessible, screenshot, signUp, uniqueEmail } from "./helpers";

const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIXTURE_PERIOD = "period=custom&from=2026-03-02&to=2026-03-03";

/** The headline numbers as shown, by label. */
async function expectHeadline(page: Page, numbers: Record<string, string>) {
  for (const [key, value] of Object.entries(numbers)) {
    await expect(page.getByTestId(`stat-${key}`).getByRole("definition"), key).toHaveText(value);
  }
}

/** A top panel's rows as "label visitors" lines. */
function panelRows(page: Page, title: string) {
  return page.getByRole("region", { name: title }).getByRole("listitem");
}

test("a new website waits for its first event with the install snippets; the light turns green when one arrives", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, uniqueEmail("install"));
  const domain = `install-${Date.now().toString(36)}.example.com`;
  await createWebsite(page, domain);
  const origin = new URL(page.url()).origin;

  const light = page.getByRole("status").filter({ hasText: /first event/i });
  await expect(light).toHaveText("Waiting for the first event…");
  await expect(light).toHaveAttribute("data-state", "waiting");
  await expect(page.getByRole("heading", { level: 1, name: "Install the tracker" })).toBeVisible();

  // The script tag, exactly as the README documents it, for this website; the copy button copies it.
  await page.getByRole("button", { name: "Copy Script tag" }).click();
  const script = await page.evaluate(() => navigator.clipboard.readText());
  const trackingId = /data-website-id="(dfid_[^"]+)"/.exec(script)?.[1] as string;
  expect(script).toBe(
    `<script defer data-website-id="${trackingId}" data-domain="${domain}" src="${origin}/js/script.js"></script>`,
  );
  await expect(page.getByText(`apiUrl: "${origin}/api/events"`)).toBeVisible();
  await expect(page.getByText(`websiteId: "${trackingId}"`)).toBeVisible();
  await expectAccessible(page, "install panel");
  await screenshot(page, "overview-install");

  // A real browser's pageview (a missing or node user agent would be dropped as a bot).
  const sent = await page.request.post("/api/events", {
    headers: { "user-agent": CHROME, origin: `https://${domain}` },
    data: {
      websiteId: trackingId,
      domain,
      type: "pageview",
      href: `https://${domain}/pricing`,
      referrer: null,
      visitorId: randomUUID(),
      sessionId: `s${randomUUID()}`,
      viewport: { width: 1440, height: 900 },
    },
  });
  expect(await sent.json()).toEqual({ status: "success" });

  await expect(light).toHaveAttribute("data-state", "received");
  await expect(light).toHaveText("First event received — the tracker works.");
  // The Overview appears under the panel, with the visit in it.
  await expectHeadline(page, { visitors: "1", sessions: "1", "bounce-rate": "100%" });
  await expect(panelRows(page, "Pages")).toHaveText([/^\/pricing\s*1 visitors$/]);
  await expect(page.getByRole("status").filter({ hasText: "online now" })).toHaveText("1 visitor online now");
  await expectAccessible(page, "install panel (received)");
  await screenshot(page, "overview-install-received");
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(light).toHaveCount(0);
});

test("the Overview of known events shows the exact numbers; clicking a country filters every panel", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("overview"));
  const websiteId = await createWebsite(page, `overview-${Date.now().toString(36)}.example.com`);
  seedOverviewFixture(websiteId);

  await page.goto(`/websites/${websiteId}?${FIXTURE_PERIOD}`);
  await expect(page.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("2 Mar 2026 – 3 Mar 2026 · Europe/Paris")).toBeVisible();
  await expectHeadline(page, {
    visitors: "5",
    sessions: "5",
    "bounce-rate": "40%",
    duration: "42s",
    revenue: "$79",
    conversion: "40%",
  });
  await expect(panelRows(page, "Countries")).toHaveText([
    /France\s*2 visitors/,
    /United States of America\s*2 visitors/,
    /Germany\s*1 visitors/,
  ]);
  await expect(panelRows(page, "Referrers")).toHaveText([/Direct\/None\s*2/, /Google\s*2/, /X\s*1/]);
  await expect(panelRows(page, "Devices")).toHaveText([/Desktop\s*3/, /Mobile\s*2/]);
  await expect(page.getByRole("row", { name: /2 Mar/ })).toHaveText(/2 Mar\s*2\s*\$49/);
  await expectAccessible(page, "overview");
  await screenshot(page, "overview");

  // One click on France: every panel, the numbers and the chart narrow to it.
  await page
    .getByRole("region", { name: "Countries" })
    .getByRole("button", { name: /France/ })
    .click();
  await expect(page).toHaveURL(/country=FR/);
  const chips = page.getByRole("list", { name: "Filters" }).getByRole("button");
  await expect(chips).toHaveText([/Country: France/]);
  await expectHeadline(page, {
    visitors: "2",
    sessions: "2",
    "bounce-rate": "0%",
    duration: "1m 15s",
    revenue: "$49",
    conversion: "50%",
  });
  await expect(panelRows(page, "Countries")).toHaveText([/France\s*2/]);
  await expect(panelRows(page, "Pages")).toHaveCount(4);
  await expect(panelRows(page, "Referrers")).toHaveText([/Direct\/None\s*1/, /Google\s*1/]);
  await expect(panelRows(page, "Devices")).toHaveText([/Desktop\s*1/, /Mobile\s*1/]);
  await expect(page.getByRole("row", { name: /3 Mar/ })).toHaveText(/3 Mar\s*1\s*\$0/);
  await expectAccessible(page, "overview (filtered)");
  await screenshot(page, "overview-filtered");

  // The keyboard: a row filters with Enter, a chip goes with Enter.
  await page
    .getByRole("region", { name: "Devices" })
    .getByRole("button", { name: /Mobile/ })
    .focus();
  await page.keyboard.press("Enter");
  await expect(chips).toHaveText([/Country: France/, /Device: Mobile/]);
  await expectHeadline(page, { visitors: "1", duration: "30s" });
  await chips.filter({ hasText: "Country" }).focus();
  await page.keyboard.press("Enter");
  await expect(chips).toHaveText([/Device: Mobile/]);
  await expectHeadline(page, { visitors: "2", "bounce-rate": "50%" });
  await chips.first().click();
  await expect(chips).toHaveCount(0);
  await expectHeadline(page, { visitors: "5" });

  // Another period from the picker: the last 7 days hold none of March's events.
  await page.getByRole("radio", { name: "7 days" }).click();
  await expect(page).toHaveURL(/period=7d/);
  await expectHeadline(page, { visitors: "0", revenue: "$0" });
  await expect(panelRows(page, "Pages")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Pages" })).toContainText("No data for this period");
  // …and back to a custom one, typed in.
  await page.getByRole("radio", { name: "Custom" }).click();
  await page.getByLabel("From", { exact: true }).fill("2026-03-03");
  await page.getByLabel("To", { exact: true }).fill("2026-03-03");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=2026-03-03&to=2026-03-03/);
  await expectHeadline(page, { visitors: "3", revenue: "$30" });
  await expect(page.getByRole("row", { name: /3 Mar 00:00/ })).toBeAttached();
});

test("the Overview fits a phone and follows dark mode", async ({ page }) => {
  await signUp(page, uniqueEmail("overview-phone"));
  const websiteId = await createWebsite(page, `phone-${Date.now().toString(36)}.example.com`);
  seedOverviewFixture(websiteId);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/websites/${websiteId}?${FIXTURE_PERIOD}`);
  await expectHeadline(page, { visitors: "5" });
  for (const path of [`/websites/${websiteId}?${FIXTURE_PERIOD}`, `/websites/${websiteId}/settings`]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await page.goto(`/websites/${websiteId}?${FIXTURE_PERIOD}`);
  await expectHeadline(page, { visitors: "5" });
  await screenshot(page, "overview-phone");

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expectHeadline(page, { visitors: "5" });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(255, 255, 255)");
  await expectAccessible(page, "overview (dark)");
  await screenshot(page, "overview-dark");
});
