import { expect, test } from "@playwright/test";
import { createWebsite, expectAccessible, screenshot, signUp, uniqueEmail } from "./helpers";

test("webhooks: an internal address is refused, a public one shows its secret once and logs a test event", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("webhooks"));
  const websiteId = await createWebsite(page, `hooks-${Date.now().toString(36)}.example.com`);
  await page.goto(`/websites/${websiteId}/webhooks`);
  await expect(page.getByText("No webhooks yet")).toBeVisible();
  await expectAccessible(page, "webhooks (empty)");

  // Loopback is refused (SSRF), with the reason next to the field.
  await page.getByLabel("URL").fill("http://127.0.0.1:8080/hooks");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText(/private|loopback|internal/i).first()).toBeVisible();

  // A public address: the signing secret is shown once.
  await page.getByLabel("URL").fill("https://203.0.113.10/hooks/keygate");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByTestId("secret")).toHaveText(/^whsec_/);
  await screenshot(page, "webhook-secret");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("secret")).toHaveCount(0);
  await expect(page.getByRole("listitem").getByText("https://203.0.113.10/hooks/keygate").first()).toBeVisible();

  // The test event is queued and shows in the delivery log.
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued")).toBeVisible();
  await expect(page.getByRole("cell", { name: "ping" })).toBeVisible();
  await expectAccessible(page, "webhooks with a delivery log");
  await screenshot(page, "webhook-deliveries");
});

test("a restricted key: the create dialog limits its permissions and addresses, and the table says so", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("restricted"));
  const websiteId = await createWebsite(page, `restricted-${Date.now().toString(36)}.example.com`);
  await page.goto(`/websites/${websiteId}/developer`);
  await page.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Reporting");
  await dialog.getByText("Restrictions (optional)").click();
  await dialog.getByRole("checkbox", { name: "analytics:read" }).check();
  await dialog.getByLabel("Allowed IPs").fill("10.0.0.0/33");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Must be an IP address or CIDR range")).toBeVisible();
  await expectAccessible(page, "create key with restrictions");
  await dialog.getByLabel("Allowed IPs").fill("203.0.113.0/24, 2001:db8::/32");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByTestId("secret")).toHaveText(/^df_/);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText("Restricted: analytics:read")).toBeVisible();
  await expect(page.getByText("Only from 203.0.113.0/24, 2001:db8::/32")).toBeVisible();
});
