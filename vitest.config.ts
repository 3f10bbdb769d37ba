// One test run for the whole monorepo: pure unit tests, database tests and HTTP tests
// against the built server. `pnpm test` builds first, then runs this.
import { defineConfig } from "vitest/config";

/**
 * Web tests that need no server process: they call the REST app and the tRPC routers in-process on
 * a fresh database, without `next build` (`pnpm test:unit`). The rest run against the built server.
 */
const IN_PROCESS = [
  "access-tokens",
  "api-keys",
  "audit-and-staff",
  "client-ip",
  "credential-expiry",
  "credential-usage",
  "dashboard",
  "data-lifecycle",
  "enrich",
  "funnels-alerts",
  "idempotency",
  "jobs",
  "leak-reports",
  "restricted-keys",
  "safe-callback",
  "team",
  "trpc",
  "trpc-edge",
  "webhooks",
  "website-api-metrics",
  "websites-account",
].map((name) => `apps/web/test/${name}.test.ts`);

export default defineConfig({
  test: {
    reporters: ["default", "./tooling/summary-reporter.ts"],
    projects: [
      { test: { name: "core", include: ["packages/core/src/**/*.test.ts"] } },
      {
        test: {
          name: "db",
          include: ["packages/db/src/**/*.test.ts", "tooling/**/*.test.mjs"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "web-fast",
          include: IN_PROCESS,
          globalSetup: ["apps/web/test/global-setup-db.ts"],
          setupFiles: ["apps/web/test/setup-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "web",
          include: ["apps/web/test/**/*.test.ts"],
          exclude: IN_PROCESS,
          globalSetup: ["apps/web/test/global-setup.ts"],
          setupFiles: ["apps/web/test/setup-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "cli",
          include: ["apps/cli/test/**/*.test.ts"],
          globalSetup: ["apps/web/test/global-setup.ts"],
          setupFiles: ["apps/web/test/setup-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
