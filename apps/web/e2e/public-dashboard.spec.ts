// The public dashboard: with the switch on, a website's Overview at /share/{id} for anyone signed
// out — and nothing else of it; with the switch off, no page at all.
import { expect, test } from "@playwright/test";
import { seedOverviewFixture } from "./db";
import { createWebsite, expectAccessible, screenshot, signUp, uniqueEmail } from "./helpers";

test("the public URL works signed out only while the switch is on", async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  await signUp(owner, uniqueEmail("public-owner"));
  const domain = `public-${Date.now().toString(36)}.example.com`;
  const websiteId = await createWebsite(owner, domain);
  seedOverviewFixture(websiteId);
  const shareUrl = `/share/${websiteId}?period=custom&from=2026-03-02&to=2026-03-03`;

  const visitor = await (await browser.newContext()).newPage();
  const closed = await visitor.goto(shareUrl);
  expect(closed?.status()).toBe(404);
  await expect(visitor.getByRole("heading", { name: "This dashboard is not public" })).toBeVisible();
  await expectAccessible(visitor, "public dashboard (off)");

  await owner.goto(`/websites/${websiteId}/settings`);
  const toggle = owner.getByRole("switch", { name: "Public dashboard" });
  await expect(toggle).not.toBeChecked();
  await toggle.click();
  await expect(owner.getByText("Public dashboard on")).toBeVisible();
  await expect(toggle).toBeChecked();
  const link = owner.getByRole("link", { name: new RegExp(`/share/${websiteId}$`) });
  await expect(link).toBeVisible();
  await screenshot(owner, "settings-public-on");

  const open = await visitor.goto(shareUrl);
  expect(open?.status()).toBe(200);
  await expect(visitor.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await expect(visitor.getByText("Public dashboard · read-only")).toBeVisible();
  await expect(visitor.getByTestId("stat-visitors").getByRole("definition")).toHaveText("5");
  await expect(visitor.getByTestId("stat-revenue").getByRole("definition")).toHaveText("$79");
  await visitor
    .getByRole("region", { name: "Countries" })
    .getByRole("button", { name: /Germany/ })
    .click();
  await expect(visitor.getByTestId("stat-visitors").getByRole("definition")).toHaveText("1");
  // Nothing else of the website: no tabs, and its keys, team and settings stay closed.
  await expect(visitor.getByRole("link", { name: /Developer|Team|Settings|Security/ })).toHaveCount(0);
  const origin = new URL(visitor.url()).origin;
  for (const procedure of ["websites.get", "apiKeys.list", "team.list"]) {
    const input = encodeURIComponent(JSON.stringify({ websiteId }));
    const response = await visitor.request.get(`/api/trpc/${procedure}?input=${input}`, { headers: { origin } });
    expect(response.status(), procedure).toBe(401);
  }
  await visitor.goto(`/websites/${websiteId}/settings`);
  await expect(visitor).toHaveURL(/\/signin/);
  await visitor.goto(shareUrl);
  await expectAccessible(visitor, "public dashboard");
  await screenshot(visitor, "public-dashboard");

  await owner.getByRole("switch", { name: "Public dashboard" }).click();
  await expect(owner.getByText("Public dashboard off")).toBeVisible();
  expect((await visitor.goto(shareUrl))?.status()).toBe(404);
  await expect(visitor.getByRole("heading", { name: "This dashboard is not public" })).toBeVisible();
});
