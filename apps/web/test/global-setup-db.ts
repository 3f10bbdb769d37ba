// The in-process tier: one fresh Postgres database, no server and no build. Its tests call the
// REST app and the tRPC routers in the test process (`api()` with an empty baseUrl, `callerFor`).
import { createTestDatabase } from "@keygate/db/testing";
import type { TestProject } from "vitest/node";

export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  project.provide("baseUrl", "");
  project.provide("databaseUrl", database.url);
  project.provide("serverLogPath", "");
  return () => database.drop();
}
