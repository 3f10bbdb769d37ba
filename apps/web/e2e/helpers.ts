// Shared steps for the browser tests: accessibility scan, screenshots, sign-up and sign-in.
import { mkdirSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { TOTP_PERIOD_SECONDS, totp } from "../src/server/auth/totp";

export const SCREENSHOT_DIR = "test-results/screenshots";

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

/** No serious or critical axe violations on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    `axe on ${name}`,
  ).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/** Signs up through the form, then verifies the address with the mailed link: ends signed in on /websites. */
export async function signUp(page: Page, email: string, password = "correct horse battery"): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Test User");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await verifyEmail(page, email, password);
  await expect(page).toHaveURL(/\/websites$/);
}

/**
 * Opens the newest verification link mailed to `email` from /dev/inbox, signs in to confirm it (when
 * not signed in yet), and continues to where the sign-up started.
 */
export async function verifyEmail(page: Page, email: string, password = "correct horse battery"): Promise<void> {
  await page.goto(`/dev/inbox?to=${encodeURIComponent(email)}`);
  await page
    .getByRole("link", { name: /\/verify-email\?token=/ })
    .first()
    .click();
  const signInFirst = page.getByRole("link", { name: "Sign in to verify" });
  const verified = page.getByRole("heading", { name: "Email address verified" });
  await expect(signInFirst.or(verified)).toBeVisible();
  if (await signInFirst.isVisible()) {
    await signInFirst.click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(verified).toBeVisible();
  await page.getByRole("link", { name: "Continue" }).click();
}

export async function signIn(page: Page, email: string, password = "correct horse battery"): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/websites$/);
}

/** The code an authenticator app with `secret` shows `steps` periods of 30 s from now. */
export function codeFor(secret: string, steps = 0): string {
  return totp(secret).generate({ timestamp: Date.now() + steps * TOTP_PERIOD_SECONDS * 1000 });
}

/**
 * Signs in an account with two-factor sign-in: password, then the code. The next period's code by
 * default, so a code just used (setting it up, or a sign-in a moment ago) is not sent again.
 */
export async function signInWithCode(
  page: Page,
  email: string,
  secret: string,
  { password = "correct horse battery", steps = 1 } = {},
): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Code").fill(codeFor(secret, steps));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/websites$/);
}

export async function createWebsite(page: Page, domain: string): Promise<string> {
  await page.goto("/websites");
  await page.getByRole("button", { name: "Add website" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Domain").fill(domain);
  await dialog.getByLabel("Time zone").selectOption("Europe/Paris");
  await dialog.getByRole("button", { name: "Add website" }).click();
  // A new website opens on its Overview, where the install panel waits for the first event.
  await expect(page).toHaveURL(/\/websites\/[0-9a-f]{24}$/);
  return page.url().split("/websites/")[1]?.split("/")[0] as string;
}
