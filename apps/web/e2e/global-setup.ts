// A fresh Postgres database and the built server for the browser tests; torn down afterwards.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@keygate/db/testing";
import { startServer } from "../test/server";

export default async function globalSetup() {
  const database = await createTestDatabase();
  const logPath = join(mkdtempSync(join(tmpdir(), "keygate-e2e-")), "server.log");
  const server = await startServer({
    env: { DATABASE_URL: database.url, AUTH_SECRET: "e2e-secret-that-is-long-enough-0123456789", DEMO_SEED: "false" },
    logPath,
    // next-auth builds its redirects from AUTH_URL: use the same host name as the browser.
    authUrlHost: "localhost",
  }).catch(async (error) => {
    await database.drop();
    throw error;
  });
  process.env.E2E_BASE_URL = server.baseUrl.replace("127.0.0.1", "localhost");
  process.env.E2E_DATABASE_URL = database.url;
  process.env.E2E_SERVER_LOG = logPath;
  return async () => {
    await server.stop();
    await database.drop();
  };
}
