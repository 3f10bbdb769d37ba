// The migrator against real Postgres (and embedded PGlite): Prisma's bookkeeping, one transaction
// per file, refusal of edited files, and an advisory lock that serialises concurrent runs.
import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { type Migration, MigrationError, migrate, readMigrations, type SqlConnection } from "./migrator";
import { createTestDatabase, type TestDatabase } from "./testing";

const databases: TestDatabase[] = [];
const clients: pg.Client[] = [];

async function freshConnection(
  database?: TestDatabase,
): Promise<{ connection: SqlConnection; client: pg.Client; database: TestDatabase }> {
  const db = database ?? (await createTestDatabase({ migrated: false }));
  if (!database) databases.push(db);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  clients.push(client);
  return {
    connection: { query: (sql, params) => client.query(sql, params), exec: (sql) => client.query(sql) },
    client,
    database: db,
  };
}

function migration(name: string, sql: string): Migration {
  return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
}

afterEach(async () => {
  for (const client of clients.splice(0)) await client.end();
  for (const database of databases.splice(0)) await database.drop();
});

describe("migrator", () => {
  it("applies every migration once, recording Prisma's bookkeeping; a second run applies nothing", async () => {
    const { connection, client } = await freshConnection();
    const files = await readMigrations();
    const first = await migrate(connection);
    expect(first.applied).toEqual(files.map((f) => f.name));
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count, r.rolled_back_at])).toEqual(
      files.map((f) => [f.name, createHash("sha256").update(f.sql).digest("hex"), 1, null]),
    );
    for (const row of rows) expect(row.finished_at).toBeInstanceOf(Date);
    const second = await migrate(connection);
    expect(second).toEqual({ applied: [], skipped: files.map((f) => f.name) });
  });

  it("refuses an applied migration whose file changed", async () => {
    const { connection } = await freshConnection();
    await migrate(connection, [migration("001_a", 'CREATE TABLE "A" (id int)')]);
    const edited = migration("001_a", 'CREATE TABLE "A" (id bigint)');
    await expect(migrate(connection, [edited])).rejects.toThrow(MigrationError);
    await expect(migrate(connection, [edited])).rejects.toThrow(/was changed after it was applied/);
  });

  it("an edited applied file is refused before anything new is applied", async () => {
    const { connection, client } = await freshConnection();
    await migrate(connection, [migration("002_b", 'CREATE TABLE "B" (id int)')]);
    const newer = migration("001_new", 'CREATE TABLE "New" (id int)');
    const edited = migration("002_b", 'CREATE TABLE "B" (id bigint)');
    await expect(migrate(connection, [newer, edited])).rejects.toThrow(/was changed after it was applied/);
    const { rows } = await client.query(`SELECT to_regclass('public."New"') AS t`);
    expect(rows[0].t).toBeNull();
  });

  it("a failing migration is rolled back whole: earlier ones stay, its own statements and bookkeeping do not", async () => {
    const { connection, client } = await freshConnection();
    const good = migration("001_good", 'CREATE TABLE "Good" (id int)');
    const bad = migration("002_bad", 'CREATE TABLE "Half" (id int);\nSELECT * FROM "NoSuchTable";');
    await expect(migrate(connection, [good, bad])).rejects.toThrow(/002_bad failed and was rolled back/);
    const tables = (
      await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
    ).rows.map((r) => r.table_name);
    expect(tables.sort()).toEqual(["Good", "_prisma_migrations"]);
    const names = (await client.query(`SELECT migration_name FROM "_prisma_migrations"`)).rows.map(
      (r) => r.migration_name,
    );
    expect(names).toEqual(["001_good"]);
  });

  it("two migrators started at once on two connections apply each migration exactly once", async () => {
    const one = await freshConnection();
    const two = await freshConnection(one.database);
    const slow = [
      migration("001_slow", 'SELECT pg_sleep(0.5); CREATE TABLE "Slow" (id int)'),
      migration("002_next", 'CREATE TABLE "Next" (id int)'),
    ];
    const [a, b] = await Promise.all([migrate(one.connection, slow), migrate(two.connection, slow)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(["001_slow", "002_next"]);
    expect([...a.skipped, ...b.skipped].sort()).toEqual(["001_slow", "002_next"]);
    const { rows } = await one.client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0].n).toBe(2);
  });

  it("works on embedded PGlite too", async () => {
    const lite = await PGlite.create();
    try {
      const result = await migrate(lite);
      expect(result.applied.length).toBeGreaterThan(0);
      const { rows } = await lite.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
      expect(rows[0]?.n).toBe(result.applied.length);
      expect((await migrate(lite)).applied).toEqual([]);
    } finally {
      await lite.close();
    }
  });
});
