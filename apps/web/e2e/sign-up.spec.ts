import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { expectAccessible, screenshot, signIn, uniqueEmail, verifyEmail } from "./helpers";

const PASSWORD = "correct horse battery";

/** Moves the user's verification links a minute into the past, so a new one may be asked for. */
async function backdateLinks(email: string) {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `UPDATE "EmailVerificationToken" SET "createdAt" = now() - interval '2 minutes'
       WHERE "userId" = (SELECT "id" FROM "User" WHERE "email" = $1)`,
      [email],
    );
  } finally {
    await client.end();
  }
}

async function submitSignUp(page: Page, email: string, password: string) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  return (await page.getByRole("main").textContent()) ?? "";
}

test("sign-up answers 'Check your email', the same for a taken address; the inbox's link verifies after sign-in", async ({
  browser,
  page,
}) => {
  test.slow();
  const email = uniqueEmail("check-email");
  const first = await submitSignUp(page, email, PASSWORD);
  expect(first).toContain(email);
  await expectAccessible(page, "check your email");
  await screenshot(page, "sign-up-check-email");

  const someoneElse = await (await browser.newContext()).newPage();
  expect(await submitSignUp(someoneElse, email, "another password entirely")).toBe(first);

  await page.goto(`/dev/inbox?to=${encodeURIComponent(email)}`);
  const subjects = page.getByRole("article").getByRole("heading");
  await expect(subjects).toHaveText([
    "Someone tried to sign up to Keygate with your email address",
    "Verify your email address for Keygate",
  ]);
  await expectAccessible(page, "inbox");
  await screenshot(page, "dev-inbox");

  await page.getByRole("link", { name: /\/verify-email\?token=/ }).click();
  await expect(page).toHaveURL(/\/verify-email\?token=/);
  await page.getByRole("link", { name: "Sign in to verify" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Email address verified" })).toBeVisible();
  await expectAccessible(page, "email verified");
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/websites$/);
  await expect(page.getByText("Verify your email address:")).toHaveCount(0);
});

test("an unverified account signs in, is asked to verify, and sends itself a new link from the Account page", async ({
  page,
}) => {
  const email = uniqueEmail("unverified");
  await submitSignUp(page, email, PASSWORD);
  await signIn(page, email, PASSWORD);
  await expect(page.getByText("Verify your email address:")).toBeVisible();
  await screenshot(page, "unverified-banner");

  await page.goto("/account");
  const resend = page.getByRole("button", { name: "Resend verification email" });
  await resend.click();
  await expect(page.getByText("A verification email was sent less than a minute ago")).toBeVisible();
  await backdateLinks(email);
  await resend.click();
  await expect(page.getByText(`Verification email sent to ${email}`)).toBeVisible();
  await expectAccessible(page, "account (unverified)");

  await verifyEmail(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/websites$/);
  await expect(page.getByText("Verify your email address:")).toHaveCount(0);
  await page.goto("/account");
  await expect(page.getByText(`${email} is verified.`)).toBeVisible();
});
