// Test helpers: a fresh, migrated Postgres database per test run, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateUrl } from "./client";

export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function urlFor(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database; `migrated: true` (the default) also applies every migration. */
export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const name = `keygate_test_${randomBytes(6).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = urlFor(name);
  const drop = () =>
    admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  if (migrated) {
    try {
      await migrateUrl(url);
    } catch (error) {
      await drop();
      throw error;
    }
  }
  return { url, name, drop };
}
