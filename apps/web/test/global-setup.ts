// One fresh Postgres database and one built server for the whole web test run.
import { createTestDatabase } from "@keygate/db/testing";
import type { TestProject } from "vitest/node";
import { startServer, testLogPath } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    serverLogPath: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  const logPath = testLogPath("vitest");
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
