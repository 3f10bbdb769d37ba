import { expect, test } from "@playwright/test";
import { createWebsite, expectAccessible, screenshot, signUp, uniqueEmail } from "./helpers";

test("the landing page introduces Keygate and links to sign-in, sign-up and the API reference", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Keygate" })).toBeVisible();
  await expect(page.getByRole("link", { name: "REST API reference" })).toHaveAttribute("href", "/api/v1/reference");
  await expectAccessible(page, "landing");
  await screenshot(page, "landing");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/signup$/);
});

test("signed-out visitors are sent to sign-in; unknown email and wrong password get the same message", async ({
  browser,
  page,
}) => {
  const email = uniqueEmail("known");
  const other = await (await browser.newContext()).newPage();
  await signUp(other, email);

  await page.goto("/websites");
  await expect(page).toHaveURL(/\/signin/);
  await expectAccessible(page, "sign-in");
  await screenshot(page, "sign-in");
  const messages: string[] = [];
  for (const candidate of ["nobody@example.com", email]) {
    await page.getByLabel("Email").fill(candidate);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert").filter({ hasText: /\w/ });
    await expect(alert).toBeVisible();
    messages.push((await alert.textContent()) ?? "");
  }
  expect(messages).toEqual(["Incorrect email or password", "Incorrect email or password"]);
});

test("account page: rename, then sign out", async ({ page }) => {
  await signUp(page, uniqueEmail("account"));
  await createWebsite(page, `acct-${Date.now().toString(36)}.example.com`);
  await page.goto("/websites");
  await expectAccessible(page, "websites");
  await screenshot(page, "websites");
  await page.goto("/account");
  await expectAccessible(page, "account");
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Profile saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Name")).toHaveValue("Ada Lovelace");
  await screenshot(page, "account");
  await page.getByRole("main").getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);
});

test("phone width: pages fit without horizontal scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, uniqueEmail("phone"));
  await createWebsite(page, `phone-${Date.now().toString(36)}.example.com`);
  for (const path of ["/websites", "/account/tokens", "/account"]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await screenshot(page, "websites-phone");
});

test("dark mode follows the system setting", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/signin");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(255, 255, 255)");
  await expectAccessible(page, "sign-in (dark)");
  await screenshot(page, "sign-in-dark");
});
