// The Account page's sessions: this device marked, signing another device out, "Sign out
// everywhere", and a password change that signs every other session out and keeps this one.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { runWithDatabase } from "./db";
import { expectAccessible, screenshot, signIn, uniqueEmail } from "./helpers";

const PASSWORD = "correct horse battery";

/** A user made the way an admin makes one (ops command), signed in from two separate browsers. */
async function twoDevices(browser: Browser, label: string): Promise<{ email: string; laptop: Page; phone: Page }> {
  const email = uniqueEmail(label);
  runWithDatabase("src/ops/cli.ts", "user:create", "--email", email, "--password", PASSWORD);
  const laptop = await (await browser.newContext()).newPage();
  const phone = await (await browser.newContext()).newPage();
  await signIn(laptop, email);
  await signIn(phone, email);
  return { email, laptop, phone };
}

// Two browsers, a user made by the ops command and several sign-ins per test: more than the default minute.
test.describe.configure({ timeout: 120_000 });

const sessionRows = (page: Page) => page.getByRole("list", { name: "Active sessions" }).getByRole("listitem");

test("sessions: this device marked; sign out one device, then everywhere", async ({ browser }) => {
  const { email, laptop, phone } = await twoDevices(browser, "everywhere");
  await laptop.goto("/account");
  await expect(sessionRows(laptop)).toHaveCount(2);
  await expect(sessionRows(laptop).filter({ hasText: "This device" })).toHaveCount(1);
  await expectAccessible(laptop, "account sessions");
  await screenshot(laptop, "account-sessions");

  // Sign the phone out from the laptop: its next page is the sign-in form.
  await sessionRows(laptop)
    .filter({ hasNotText: "This device" })
    .getByRole("button", { name: /^Sign out/ })
    .click();
  await expect(laptop.getByText("Session signed out")).toBeVisible();
  await expect(sessionRows(laptop)).toHaveCount(1);
  await phone.goto("/websites");
  await expect(phone).toHaveURL(/\/signin/);

  // Sign back in on the phone, then sign out everywhere from the laptop: both end.
  await signIn(phone, email);
  await laptop.reload();
  await expect(sessionRows(laptop)).toHaveCount(2);
  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await laptop.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop).toHaveURL(/\/signin/);
  await laptop.goto("/account");
  await expect(laptop).toHaveURL(/\/signin/);
  await phone.goto("/account");
  await expect(phone).toHaveURL(/\/signin/);
});

test("change password: every other session is signed out, this one stays", async ({ browser }) => {
  const { email, laptop, phone } = await twoDevices(browser, "password");
  await laptop.goto("/account");
  await expect(sessionRows(laptop)).toHaveCount(2);

  await laptop.getByLabel("Current password", { exact: true }).fill("not my password");
  await laptop.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("Incorrect password")).toBeVisible();

  await laptop.getByLabel("Current password", { exact: true }).fill(PASSWORD);
  await laptop.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("Password changed; 1 other session signed out")).toBeVisible();
  await expect(sessionRows(laptop)).toHaveCount(1);
  await screenshot(laptop, "account-password-changed");

  await phone.goto("/websites");
  await expect(phone).toHaveURL(/\/signin/);
  await laptop.reload();
  await expect(laptop).toHaveURL(/\/account$/);
  await expect(sessionRows(laptop)).toHaveCount(1);

  await signIn(phone, email, "a brand new passphrase");
});
