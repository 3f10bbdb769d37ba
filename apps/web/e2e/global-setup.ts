// A fresh Postgres database and the built server for the browser tests; torn down afterwards.
import { createTestDatabase } from "@keygate/db/testing";
import { startServer, testLogPath } from "../test/server";

const E2E_AUTH_SECRET = "e2e-secret-that-is-long-enough-0123456789";

export default async function globalSetup() {
  const database = await createTestDatabase();
  const logPath = testLogPath("e2e");
  const server = await startServer({
    env: {
      DATABASE_URL: database.url,
      AUTH_SECRET: E2E_AUTH_SECRET,
      DEMO_SEED: "false",
      // Every browser test signs up its own users, all from 127.0.0.1.
      RATE_LIMIT_SIGN_UPS_PER_HOUR: "0",
    },
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
  // Tests that turn two-factor sign-in on straight in the database seal its secret with this.
  process.env.E2E_AUTH_SECRET = E2E_AUTH_SECRET;
  return async () => {
    await server.stop();
    await database.drop();
  };
}
