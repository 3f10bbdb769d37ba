// Before the page's JavaScript runs, pressing Enter on the sign-in or sign-up form must not send the
// password in a URL (history, server logs): the forms post, and the fallback sends the browser back.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

test.use({ javaScriptEnabled: false });

for (const path of ["/signin", "/signup"]) {
  test(`${path} without JavaScript: the password never reaches a URL or the server log`, async ({ page }) => {
    const password = `never-in-a-url-${Date.now()}`;
    const urls: string[] = [];
    page.on("request", (request) => urls.push(request.url()));
    await page.goto(path);
    await page.getByLabel("Email").fill("nojs@example.com");
    await page.getByLabel("Password").fill(password);
    await page.getByLabel("Password").press("Enter");
    await page.waitForURL(`**${path}?error=ScriptRequired`);
    await expect(page.getByText("needs JavaScript")).toBeVisible();
    expect(urls.some((url) => url.includes(password))).toBe(false);
    expect(urls.some((url) => url.includes("password="))).toBe(false);
    expect(readFileSync(process.env.E2E_SERVER_LOG as string, "utf8")).not.toContain(password);
  });
}
