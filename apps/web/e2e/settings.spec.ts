// The Settings tab: settings round-trip with REST's validation messages, what a viewer sees, and an
// owner deleting the website after typing its domain.
import { expect, type Page, test } from "@playwright/test";
import { addMemberByEmail, seedOverviewFixture } from "./db";
import { createWebsite, expectAccessible, screenshot, signIn, signUp, uniqueEmail } from "./helpers";

/** A full-access account token for the signed-in user, made through the dashboard's own API. */
async function tokenOf(page: Page): Promise<string> {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post("/api/trpc/accessTokens.create", {
    headers: { origin, "content-type": "application/json" },
    data: { name: "settings test", permissions: ["*"], websiteIds: [] },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).result.data.key as string;
}

test("settings round-trip; a bad CIDR is refused with REST's message and nothing is saved", async ({ page }) => {
  await signUp(page, uniqueEmail("settings"));
  const domain = `settings-${Date.now().toString(36)}.example.com`;
  const websiteId = await createWebsite(page, domain);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/websites/${websiteId}/settings$`));
  await expect(page.getByLabel("Domain")).toHaveValue(domain);
  await expectAccessible(page, "settings");

  await page.getByLabel("Name", { exact: true }).fill("Shop");
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByLabel("Time zone").selectOption("America/New_York");
  await page.getByLabel("Excluded IP addresses").fill("203.0.113.7\n10.0.0.0/8");
  await page.getByLabel("Excluded paths").fill("/admin/*");
  await page.getByLabel("Excluded countries").fill("FR\nDE");
  await page.getByLabel("Excluded hostnames").fill("staging.example.com");
  await page.getByLabel("Allowed hostnames").fill("*.example.org");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Shop");
  await expect(page.getByLabel("Currency")).toHaveValue("EUR");
  await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");
  await expect(page.getByLabel("Excluded IP addresses")).toHaveValue("203.0.113.7\n10.0.0.0/8");
  await expect(page.getByLabel("Excluded countries")).toHaveValue("FR\nDE");
  await expect(page.getByLabel("Allowed hostnames")).toHaveValue("*.example.org");
  // The same website over REST.
  const token = await tokenOf(page);
  const rest = await page.request.get(`/api/v1/admin/websites/${websiteId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect((await rest.json()).data[0]).toMatchObject({
    name: "Shop",
    currency: "EUR",
    timezone: "America/New_York",
    excludedIps: ["203.0.113.7", "10.0.0.0/8"],
    excludedPaths: ["/admin/*"],
    excludedCountries: ["FR", "DE"],
    excludedHostnames: ["staging.example.com"],
    allowedHostnames: ["*.example.org"],
  });
  await screenshot(page, "settings");

  // A bad CIDR: REST's message, on the field, naming the line.
  const restRefusal = await page.request.put(`/api/v1/admin/websites/${websiteId}`, {
    headers: { authorization: `Bearer ${token}` },
    data: { excludedIps: ["203.0.113.7", "10.0.0.0/33"] },
  });
  expect(restRefusal.status()).toBe(400);
  const restMessage = (await restRefusal.json()).error.details[0].message as string;
  expect(restMessage).toBe("Must be an IP address or CIDR range");
  await page.getByLabel("Excluded IP addresses").fill("203.0.113.7\n10.0.0.0/33");
  await page.getByRole("button", { name: "Save settings" }).click();
  const field = page.getByLabel("Excluded IP addresses");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").filter({ hasText: restMessage })).toHaveText(
    `${restMessage} (line 2: 10.0.0.0/33)`,
  );
  await expectAccessible(page, "settings (error)");
  await screenshot(page, "settings-error");
  await page.reload();
  await expect(page.getByLabel("Excluded IP addresses")).toHaveValue("203.0.113.7\n10.0.0.0/8");
});

test("a viewer sees the Overview and read-only settings, never the danger zone", async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  await signUp(owner, uniqueEmail("settings-owner"));
  const domain = `viewer-${Date.now().toString(36)}.example.com`;
  const websiteId = await createWebsite(owner, domain);
  seedOverviewFixture(websiteId);

  const viewerEmail = uniqueEmail("settings-viewer");
  const page = await (await browser.newContext()).newPage();
  await signUp(page, viewerEmail);
  await addMemberByEmail(websiteId, viewerEmail, "viewer");
  await signIn(page, viewerEmail);
  await page.getByRole("link", { name: domain, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/websites/${websiteId}$`));
  await page.goto(`/websites/${websiteId}?period=custom&from=2026-03-02&to=2026-03-03`);
  await expect(page.getByTestId("stat-visitors").getByRole("definition")).toHaveText("5");
  await expect(page.getByRole("heading", { name: "Install the tracker" })).toHaveCount(0);

  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByText("You have read-only access to this website's settings.")).toBeVisible();
  await expect(page.getByLabel("Domain")).toBeDisabled();
  await expect(page.getByRole("switch", { name: "Public dashboard" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Danger zone" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete website" })).toHaveCount(0);
  await expectAccessible(page, "settings (viewer)");
  await screenshot(page, "settings-viewer");

  // Asking anyway: the policy engine refuses, as it would over REST.
  const origin = new URL(page.url()).origin;
  const refused = await page.request.post("/api/trpc/websites.delete", {
    headers: { origin, "content-type": "application/json" },
    data: { websiteId, confirmDomain: "anything" },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toBe("Only an owner of this website can do this");
});

test("an owner deletes the website after typing its domain; it is gone and its keys stop working", async ({ page }) => {
  await signUp(page, uniqueEmail("delete"));
  const domain = `delete-${Date.now().toString(36)}.example.com`;
  const websiteId = await createWebsite(page, domain);
  const origin = new URL(page.url()).origin;
  const created = await page.request.post("/api/trpc/apiKeys.create", {
    headers: { origin, "content-type": "application/json" },
    data: { websiteId, name: "doomed" },
  });
  const key = (await created.json()).result.data.key as string;
  const before = await page.request.get("/api/v1/analytics/overview", { headers: { authorization: `Bearer ${key}` } });
  expect(before.status()).toBe(200);

  await page.goto(`/websites/${websiteId}/settings`);
  const zone = page.getByRole("region", { name: "Danger zone" });
  await expect(zone).toContainText("a token limited to this website alone is revoked");
  await zone.getByRole("button", { name: "Delete website" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${domain}?` });
  const confirm = dialog.getByRole("button", { name: "Delete website" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type "${domain}" to confirm`).fill("wrong.example.com");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type "${domain}" to confirm`).fill(domain);
  await expectAccessible(page, "delete website dialog");
  await screenshot(page, "settings-delete");
  await confirm.click();

  await expect(page).toHaveURL(/\/websites$/);
  await expect(page.getByText(`${domain} deleted`)).toBeVisible();
  await expect(page.getByText("No websites yet")).toBeVisible();
  const after = await page.request.get("/api/v1/analytics/overview", { headers: { authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);
  await page.goto(`/websites/${websiteId}`);
  await expect(page.getByRole("alert").first()).toContainText("You do not have access to this website");
});
