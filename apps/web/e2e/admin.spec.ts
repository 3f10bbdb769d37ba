import { expect, test } from "@playwright/test";
import { enableTwoFactor, makeStaff } from "./db";
import { createWebsite, expectAccessible, screenshot, signInWithCode, signUp, uniqueEmail } from "./helpers";

test("staff contain a leaked key from the console; everyone else gets a 404", async ({ browser, request }) => {
  const owner = await (await browser.newContext()).newPage();
  await signUp(owner, uniqueEmail("leaky"));
  const domain = `leaky-${Date.now().toString(36)}.example.com`;
  const websiteId = await createWebsite(owner, domain);
  await owner.goto(`/websites/${websiteId}/developer`);
  const keys: string[] = [];
  for (const name of ["leaked", "other"]) {
    await owner.getByRole("button", { name: "Create key" }).click();
    await owner.getByRole("dialog").getByLabel("Name").fill(name);
    await owner.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
    keys.push((await owner.getByRole("dialog").getByTestId("secret").textContent()) ?? "");
    await owner.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  }
  const [leaked, other] = keys as [string, string];
  const call = (key: string) =>
    request.get(`/api/v1/admin/websites/${websiteId}/apikeys`, { headers: { authorization: `Bearer ${key}` } });

  const notFound = await owner.goto("/admin");
  expect(notFound?.status()).toBe(404);

  const staffEmail = uniqueEmail("staff");
  const staff = await (await browser.newContext()).newPage();
  await signUp(staff, staffEmail);
  await makeStaff(staffEmail);
  // The console opens only with two-factor sign-in (two-factor.spec.ts turns it on from the Account page).
  await signInWithCode(staff, staffEmail, await enableTwoFactor(staffEmail));
  await staff.goto("/admin");
  await staff.getByRole("searchbox").fill(domain);
  await staff.getByRole("link", { name: domain }).click();
  await expect(staff.getByRole("heading", { name: domain })).toBeVisible();
  await expectAccessible(staff, "admin website");
  await screenshot(staff, "admin-website");

  await staff.getByRole("button", { name: `Revoke ${leaked.slice(0, 7)}...${leaked.slice(-4)}` }).click();
  await expect(staff.getByText("Key revoked")).toBeVisible();
  expect((await call(leaked)).status()).toBe(401);
  expect((await call(other)).status()).toBe(200);

  await staff.getByRole("button", { name: "Suspend API access" }).click();
  await expect(staff.getByRole("button", { name: "Restore API access" })).toBeVisible();
  const suspended = await call(other);
  expect(suspended.status()).toBe(403);
  expect((await suspended.json()).error.message).toContain("suspended");
  await expect(staff.getByText("website.api_suspended")).toBeVisible();
  await staff.getByRole("button", { name: "Restore API access" }).click();
  await expect(staff.getByRole("button", { name: "Suspend API access" })).toBeVisible();
  expect((await call(other)).status()).toBe(200);
});
