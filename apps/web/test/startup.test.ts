// Configuration problems stop the server at start, with a message that names the variable.
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { startServer, testLogPath } from "./server";

describe("startup", () => {
  it("production on Postgres without AUTH_SECRET refuses to start and says why", async () => {
    const logPath = testLogPath("startup");
    await expect(
      startServer({ env: { DATABASE_URL: inject("databaseUrl"), AUTH_SECRET: "" }, logPath }),
    ).rejects.toThrow(/exited with 1/);
    expect(readFileSync(logPath, "utf8")).toContain("AUTH_SECRET is required in production with DATABASE_URL");
  });

  it("an invalid setting is named", async () => {
    const logPath = testLogPath("startup");
    await expect(
      startServer({ env: { DATABASE_URL: inject("databaseUrl"), BODY_LIMIT_BYTES: "ten" }, logPath }),
    ).rejects.toThrow(/exited with 1/);
    expect(readFileSync(logPath, "utf8")).toMatch(/Invalid configuration:\s+BODY_LIMIT_BYTES/);
  });
});
