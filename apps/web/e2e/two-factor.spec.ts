// Two-factor sign-in in the browser: a staff member sent from /admin to the Account page turns it on
// (password, QR code and key, a first code, recovery codes shown once), then signs in with a code.
import { expect, test } from "@playwright/test";
import { makeStaff } from "./db";
import { codeFor, expectAccessible, screenshot, signUp, uniqueEmail } from "./helpers";

const PASSWORD = "correct horse battery";

test("turn on two-factor sign-in from the Account page, then sign in with a code or a recovery code", async ({
  browser,
  page,
}) => {
  // Three sign-ins and a set-up, with two accessibility scans: more than one ordinary test's time.
  test.slow();
  const email = uniqueEmail("two-factor");
  await signUp(page, email);
  await makeStaff(email);

  await page.goto("/admin");
  await expect(page).toHaveURL(/\/account\?twoFactor=required$/);
  const section = page.getByRole("region", { name: "Two-factor sign-in" });
  await expect(section.getByText("The admin console needs two-factor sign-in")).toBeVisible();

  await section.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await section.getByLabel("Password", { exact: true }).fill("not my password");
  await section.getByRole("button", { name: "Continue" }).click();
  await expect(section.getByText("Incorrect password")).toBeVisible();
  await section.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await section.getByRole("button", { name: "Continue" }).click();

  await expect(section.getByRole("img", { name: "QR code of the two-factor key" })).toBeVisible();
  const secret = ((await section.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, "two-factor set-up");
  await screenshot(page, "account-two-factor-setup");
  await section.getByLabel("Code from the app").fill(codeFor(secret));
  await section.getByRole("button", { name: "Turn on" }).click();

  const codes = section.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recoveryCode = (await codes.first().textContent()) ?? "";
  await screenshot(page, "account-two-factor-recovery-codes");
  await section.getByRole("button", { name: "Done" }).click();
  await expect(section.getByText(/^On since/)).toBeVisible();
  await expect(section.getByTestId("recovery-codes")).toHaveCount(0);

  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("searchbox")).toBeVisible();

  // A new browser: the password alone leads to the code step, a wrong code is refused, the next code signs in.
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto("/signin");
  await fresh.getByLabel("Email").fill(email);
  await fresh.getByLabel("Password").fill(PASSWORD);
  await fresh.getByRole("button", { name: "Sign in" }).click();
  await expect(fresh.getByLabel("Code")).toBeVisible();
  await expectAccessible(fresh, "sign-in code step");
  await screenshot(fresh, "signin-two-factor");
  const wrong = String((Number(codeFor(secret, 1)) + 500_000) % 1_000_000).padStart(6, "0");
  await fresh.getByLabel("Code").fill(wrong);
  await fresh.getByRole("button", { name: "Verify" }).click();
  await expect(fresh.getByText("Incorrect email, password or code")).toBeVisible();
  await expect(fresh).toHaveURL(/\/signin/);
  await fresh.getByLabel("Code").fill(codeFor(secret, 1));
  await fresh.getByRole("button", { name: "Verify" }).click();
  await expect(fresh).toHaveURL(/\/websites$/);

  // Another browser, without the authenticator: a recovery code, once.
  const recovering = await (await browser.newContext()).newPage();
  for (const expected of ["/websites", "/signin"]) {
    await recovering.context().clearCookies();
    await recovering.goto("/signin");
    await recovering.getByLabel("Email").fill(email);
    await recovering.getByLabel("Password").fill(PASSWORD);
    await recovering.getByRole("button", { name: "Sign in" }).click();
    await recovering.getByLabel("Code").fill(recoveryCode);
    await recovering.getByRole("button", { name: "Verify" }).click();
    if (expected === "/signin") await expect(recovering.getByText("Incorrect email, password or code")).toBeVisible();
    await expect(recovering).toHaveURL(new RegExp(`${expected}$|${expected}\\?`));
  }
});
