// Every page carries a nonce-based Content-Security-Policy that forbids framing, plus nosniff and a
// strict referrer policy — and the pages still work under it (no violation, forms run their scripts).
import { expect, test } from "@playwright/test";

for (const path of ["/", "/signin", "/signup"]) {
  test(`${path} is served with the security headers, and runs under its policy`, async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(path);
    const headers = response?.headers() ?? {};
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const scripts = await page
      .locator("script")
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((value) => value === nonce)).toBe(true);
    // A new nonce per request.
    const again = await page.request.get(path);
    expect(again.headers()["content-security-policy"]).not.toBe(csp);
    if (path === "/signin") {
      // The form's script runs: a wrong password is answered in place, without leaving the page.
      await page.getByLabel("Email").fill("nobody@example.com");
      await page.getByLabel("Password").fill("wrong password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByText("Incorrect email or password")).toBeVisible();
      expect(page.url()).not.toContain("error=ScriptRequired");
    }
    expect(violations).toEqual([]);
  });
}
