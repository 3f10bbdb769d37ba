// The test command's PostgreSQL: the configured one when it answers, else a throwaway embedded one.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { testPostgres } from "./test-postgres.mjs";

async function query(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("test PostgreSQL", () => {
  it("uses the configured server when it answers", async () => {
    const postgres = await testPostgres();
    expect(postgres.source).toMatch(/^(PostgreSQL at|embedded PostgreSQL)/);
    expect(await query(postgres.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await postgres.stop();
  });

  it("starts a real PostgreSQL from npm when nothing answers, and removes it afterwards", async () => {
    const saved = process.env.TEST_ADMIN_DATABASE_URL;
    process.env.TEST_ADMIN_DATABASE_URL = "postgresql://postgres@127.0.0.1:1/postgres";
    try {
      const postgres = await testPostgres();
      expect(postgres.source).toMatch(
        /^embedded PostgreSQL on 127\.0\.0\.1:\d+ \(nothing answered at 127\.0\.0\.1:1\)$/,
      );
      await query(postgres.url, 'CREATE DATABASE "keygate_fallback_check"');
      const [{ server_version: version }] = await query(postgres.url, "SHOW server_version");
      expect(version).toMatch(/^17\./);
      await postgres.stop();
      await expect(query(postgres.url, "SELECT 1")).rejects.toThrow();
    } finally {
      if (saved === undefined) delete process.env.TEST_ADMIN_DATABASE_URL;
      else process.env.TEST_ADMIN_DATABASE_URL = saved;
    }
  });
});
