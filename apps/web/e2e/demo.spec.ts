// The demo account on the embedded database: a server of its own, started as a newcomer would,
// whose demo website opens on an Overview full of generated traffic.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { type RunningServer, startServer, testLogPath } from "../test/server";
import { expectAccessible, screenshot } from "./helpers";

test("the demo account signs in to a website whose Overview is full of generated traffic", async ({ browser }) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), "keygate-demo-"));
  let server: RunningServer | undefined;
  try {
    server = await startServer({
      env: { DATABASE_URL: "", DATA_DIR: dataDir, DEMO_SEED: "true" },
      logPath: testLogPath("e2e-demo"),
      authUrlHost: "localhost",
      // The first start migrates the embedded database and writes three weeks of traffic.
      startTimeoutMs: 150_000,
    });
    const baseURL = server.baseUrl.replace("127.0.0.1", "localhost");
    const page = await (await browser.newContext({ baseURL })).newPage();
    await page.goto("/signin");
    await page.getByLabel("Email").fill("demo@keygate.local");
    await page.getByLabel("Password").fill("keygate-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/websites$/);
    await page.getByRole("link", { name: "Demo website" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Install the tracker" })).toHaveCount(0);
    const visitors = Number(
      (await page.getByTestId("stat-visitors").getByRole("definition").textContent())?.replace(/,/g, ""),
    );
    expect(visitors).toBeGreaterThan(500);
    await expect(page.getByTestId("stat-revenue").getByRole("definition")).not.toHaveText("$0");
    for (const panel of ["Pages", "Referrers", "Countries", "Devices"]) {
      expect(await page.getByRole("region", { name: panel }).getByRole("listitem").count(), panel).toBeGreaterThan(1);
    }
    await expectAccessible(page, "overview (demo)");
    await screenshot(page, "overview-demo");
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
