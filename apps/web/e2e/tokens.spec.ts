import { expect, test } from "@playwright/test";
import { createWebsite, expectAccessible, screenshot, signUp, uniqueEmail } from "./helpers";

test("create a token from a preset, scoped to one website; it works over REST within that scope; delete it", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail("tokens"));
  const stamp = Date.now().toString(36);
  const kept = await createWebsite(page, `kept-${stamp}.example.com`);
  await createWebsite(page, `other-${stamp}.example.com`);

  await page.goto("/account/tokens");
  await expect(page.getByText("No API tokens yet")).toBeVisible();
  await expectAccessible(page, "tokens (empty)");
  await page.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Reporting agent");
  await dialog.getByRole("button", { name: "Growth agent" }).click();
  await expect(dialog.getByLabel("settings:write")).toBeChecked();
  await dialog.getByRole("button", { name: "Read-only agent" }).click();
  await expect(dialog.getByLabel("settings:write")).not.toBeChecked();
  await expect(dialog.getByLabel("analytics:read")).toBeChecked();
  await dialog.getByLabel("Only these websites").check();
  await dialog.getByLabel(`kept-${stamp}.example.com`).check();
  await expectAccessible(page, "create token dialog");
  await screenshot(page, "token-create");
  await dialog.getByRole("button", { name: "Create token" }).click();
  const token = (await dialog.getByTestId("secret").textContent()) ?? "";
  expect(token).toMatch(/^dft_[0-9A-Za-z]{36}$/);
  await dialog.getByRole("button", { name: "Done" }).click();

  const item = page.getByRole("listitem").filter({ hasText: "Reporting agent" });
  await expect(item).toContainText(
    "analytics:read, websites:read, settings:read, alerts:read, funnels:read, goals:read",
  );
  await expect(item).toContainText(`kept-${stamp}.example.com`);
  await screenshot(page, "tokens");

  const auth = { authorization: `Bearer ${token}` };
  const listed = await request.get("/api/v1/admin/websites", { headers: auth });
  expect(listed.status()).toBe(200);
  expect(((await listed.json()).data as { _id: string }[]).map((w) => w._id)).toEqual([kept]);
  const create = await request.post("/api/v1/admin/websites", {
    headers: auth,
    data: { domain: "nope.example.com", timezone: "UTC" },
  });
  expect(create.status()).toBe(403);

  await item.getByRole("button", { name: /Delete/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete token" }).click();
  await expect(page.getByText("No API tokens yet")).toBeVisible();
  expect((await request.get("/api/v1/admin/websites", { headers: auth })).status()).toBe(401);
});
