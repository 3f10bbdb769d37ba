import { expect, test } from "@playwright/test";
import { createWebsite, expectAccessible, screenshot, signUp, uniqueEmail } from "./helpers";

test("sign up → create website → create key → call the REST API → roll → old key 401 → revoke", async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/signup");
  await expectAccessible(page, "sign-up");
  await screenshot(page, "sign-up");

  await signUp(page, uniqueEmail("keys"));
  await expect(page.getByText("No websites yet")).toBeVisible();
  await expectAccessible(page, "websites (empty)");
  await screenshot(page, "websites-empty");

  const websiteId = await createWebsite(page, `shop-${Date.now().toString(36)}.example.com`);
  await page.goto(`/websites/${websiteId}/developer`);
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await expectAccessible(page, "developer (empty)");

  // Create: the raw key is shown once, and the copy button puts it on the clipboard.
  await page.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Name")).toBeFocused();
  await dialog.getByLabel("Name").fill("Production backend");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("you won't be able to see it again")).toBeVisible();
  await expectAccessible(page, "key created dialog");
  await screenshot(page, "key-created");
  await dialog.getByRole("button", { name: "Copy" }).click();
  const key = await page.evaluate(() => navigator.clipboard.readText());
  expect(key).toMatch(/^df_[0-9A-Za-z]{36}$/);
  await expect(dialog.getByTestId("secret")).toHaveText(key);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // The table shows the masked key only.
  const row = page.getByRole("row", { name: /Production backend/ });
  await expect(row).toContainText(`${key.slice(0, 7)}...${key.slice(-4)}`);
  await expect(page.getByText(key)).toHaveCount(0);
  await screenshot(page, "developer");

  // The key works against the REST API.
  const listed = await request.get(`/api/v1/admin/websites/${websiteId}/apikeys`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(listed.status()).toBe(200);

  // Roll: confirmation, new key shown once, the old one gets 401 at once.
  await row.getByRole("button", { name: /Roll/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Roll key" }).click();
  const rolled = (await page.getByRole("dialog").getByTestId("secret").textContent()) ?? "";
  expect(rolled).toMatch(/^df_/);
  expect(rolled).not.toBe(key);
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  const old = await request.get(`/api/v1/admin/websites/${websiteId}/apikeys`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(old.status()).toBe(401);
  const fresh = await request.get(`/api/v1/admin/websites/${websiteId}/apikeys`, {
    headers: { authorization: `Bearer ${rolled}` },
  });
  expect(fresh.status()).toBe(200);

  // Roll with a grace period: the old value keeps working, and the table says for how long.
  await page
    .getByRole("row", { name: /Production backend/ })
    .getByRole("button", { name: /Roll/ })
    .click();
  const graceDialog = page.getByRole("dialog");
  await graceDialog.getByLabel("Old key keeps working for").selectOption({ label: "24 hours" });
  await expectAccessible(page, "roll dialog with grace");
  await graceDialog.getByRole("button", { name: "Roll key" }).click();
  const graced = (await graceDialog.getByTestId("secret").textContent()) ?? "";
  expect(graced).toMatch(/^df_/);
  await graceDialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: /Production backend/ })).toContainText("Old key expires in 24 hours");
  for (const value of [rolled, graced]) {
    const during = await request.get(`/api/v1/admin/websites/${websiteId}/apikeys`, {
      headers: { authorization: `Bearer ${value}` },
    });
    expect(during.status()).toBe(200);
  }

  // Revoke: typed confirmation, then the key is gone and refused.
  await page
    .getByRole("row", { name: /Production backend/ })
    .getByRole("button", { name: /Revoke/ })
    .click();
  const confirm = page.getByRole("dialog");
  await expect(confirm.getByRole("button", { name: "Revoke key" })).toBeDisabled();
  await confirm.getByLabel('Type "revoke" to confirm').fill("revoke");
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("No API keys yet")).toBeVisible();
  // Revoking ends the old value's grace window too.
  for (const value of [rolled, graced]) {
    const revoked = await request.get(`/api/v1/admin/websites/${websiteId}/apikeys`, {
      headers: { authorization: `Bearer ${value}` },
    });
    expect(revoked.status()).toBe(401);
  }
});
