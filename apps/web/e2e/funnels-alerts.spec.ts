import { expect, test } from "@playwright/test";
import { createWebsite, expectAccessible, screenshot, signUp, uniqueEmail } from "./helpers";

test("create a funnel and an alert from the dashboard, switch the alert off, delete both", async ({ page }) => {
  await signUp(page, uniqueEmail("growth"));
  const websiteId = await createWebsite(page, `growth-${Date.now().toString(36)}.example.com`);

  await page.goto(`/websites/${websiteId}/funnels`);
  await expect(page.getByText("No funnels yet")).toBeVisible();
  await page.getByLabel("Funnel name").fill("Checkout");
  await page.getByLabel("Step 1 name").fill("Pricing");
  await page.getByLabel("Step 1 path").fill("/pricing");
  await page.getByLabel("Step 2 name").fill("Signed up");
  await page.getByLabel("Step 2 goal").fill("signup");
  await page.getByRole("button", { name: "Add step" }).click();
  await page.getByLabel("Step 3 name").fill("Paid");
  await page.getByLabel("Step 3 type").selectOption("goal");
  await page.getByLabel("Step 3 goal").fill("payment");
  await page.getByRole("button", { name: "Create funnel" }).click();
  await expect(page.getByText("Pricing → Signed up → Paid")).toBeVisible();
  await expectAccessible(page, "funnels");
  await screenshot(page, "funnels");
  await page.getByRole("button", { name: "Delete Checkout" }).click();
  await expect(page.getByText("No funnels yet")).toBeVisible();

  await page.goto(`/websites/${websiteId}/alerts`);
  await page.getByLabel("Alert name").fill("New customer");
  await page.getByLabel("Goal").fill("payment");
  await page.getByLabel("Message").fill("short");
  await page.getByRole("button", { name: "Create alert" }).click();
  await expect(page.getByText("Must be at least 10 characters")).toBeVisible();
  await page.getByLabel("Message").fill("Someone just paid, say thanks!");
  await page.getByRole("button", { name: "Create alert" }).click();
  await expect(page.getByText("When “payment” happens")).toBeVisible();
  const toggle = page.getByLabel("On for New customer");
  await expect(toggle).toBeChecked();
  await toggle.click();
  await expect(toggle).not.toBeChecked();
  await page.reload();
  await expect(page.getByLabel("On for New customer")).not.toBeChecked();
  await expectAccessible(page, "alerts");
  await screenshot(page, "alerts");
  await page.getByRole("button", { name: "Delete New customer" }).click();
  await expect(page.getByText("No alerts yet")).toBeVisible();
});
