// One fresh Postgres database and one built server for the whole web test run.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@keygate/db/testing";
import type { TestProject } from "vitest/node";
import { startServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    serverLogPath: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  const logPath = join(mkdtempSync(join(tmpdir(), "keygate-test-")), "server.log");
  const server = await startServer({ env: { DATABASE_URL: database.url }, logPath }).catch(async (error) => {
    await database.drop();
    throw error;
  });
  project.provide("baseUrl", server.baseUrl);
  project.provide("databaseUrl", database.url);
  project.provide("serverLogPath", logPath);

  return async () => {
    await server.stop();
    await database.drop();
  };
}
