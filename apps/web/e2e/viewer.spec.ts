import { expect, test } from "@playwright/test";
import { addMemberByEmail } from "./db";
import { createWebsite, expectAccessible, screenshot, signIn, signUp, uniqueEmail } from "./helpers";

test("a viewer sees no write controls, and the server refuses their writes with the same reason as REST", async ({
  browser,
}) => {
  const ownerPage = await (await browser.newContext()).newPage();
  await signUp(ownerPage, uniqueEmail("owner"));
  const websiteId = await createWebsite(ownerPage, `team-${Date.now().toString(36)}.example.com`);
  await ownerPage.goto(`/websites/${websiteId}/developer`);
  await ownerPage.getByRole("button", { name: "Create key" }).click();
  await ownerPage.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
  await ownerPage.getByRole("dialog").getByRole("button", { name: "Done" }).click();

  const viewerEmail = uniqueEmail("viewer");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, viewerEmail);
  await addMemberByEmail(websiteId, viewerEmail, "viewer");
  await signIn(page, viewerEmail);

  await expect(page.getByRole("listitem").filter({ hasText: "team-" })).toContainText("viewer");
  await page.goto(`/websites/${websiteId}/developer`);
  await expect(page.getByText("You have read-only access")).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Roll|Revoke/ })).toHaveCount(0);
  await expectAccessible(page, "developer (viewer)");
  await screenshot(page, "developer-viewer");

  await page.goto(`/websites/${websiteId}/team`);
  await expect(page.getByRole("listitem")).toHaveCount(2);
  await expectAccessible(page, "team");
  await screenshot(page, "team");

  // Trying anyway through the dashboard's API: refused by the policy engine.
  const origin = new URL(page.url()).origin;
  const viaDashboard = await page.request.post("/api/trpc/apiKeys.create", {
    headers: { origin, "content-type": "application/json" },
    data: { websiteId, name: "sneaky" },
  });
  expect(viaDashboard.status()).toBe(403);
  const dashboardMessage = (await viaDashboard.json()).error.message as string;

  // The same user through REST with a full-access token: the same refusal.
  const token = await page.request.post("/api/trpc/accessTokens.create", {
    headers: { origin, "content-type": "application/json" },
    data: { permissions: ["*"], websiteIds: [] },
  });
  expect(token.status()).toBe(200);
  const raw = (await token.json()).result.data.key as string;
  const viaRest = await page.request.post(`/api/v1/admin/websites/${websiteId}/apikeys`, {
    headers: { authorization: `Bearer ${raw}` },
    data: { name: "sneaky" },
  });
  expect(viaRest.status()).toBe(403);
  expect((await viaRest.json()).error.message).toBe(dashboardMessage);
  expect(dashboardMessage).toBe("Missing permission: api-keys:write");
});

test("dashboard mutations from another origin are refused (CSRF)", async ({ page }) => {
  await signUp(page, uniqueEmail("csrf"));
  const evil = await page.request.post("/api/trpc/websites.create", {
    headers: { origin: "http://evil.example", "content-type": "application/json" },
    data: { domain: "evil-target.example.com", timezone: "UTC" },
  });
  expect(evil.status()).toBe(403);
  const noOrigin = await page.request.post("/api/trpc/websites.create", {
    headers: { "content-type": "application/json" },
    data: { domain: "evil-target.example.com", timezone: "UTC" },
  });
  expect(noOrigin.status()).toBe(403);
  await page.goto("/websites");
  await expect(page.getByText("No websites yet")).toBeVisible();
});
