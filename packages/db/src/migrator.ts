// Applies prisma/migrations/<ts>_<name>/migration.sql in order, keeping Prisma's own
// `_prisma_migrations` bookkeeping so `prisma migrate deploy` elsewhere sees them as applied.
// One advisory lock for the whole run, one transaction per file, and a changed file is refused.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The little a migration needs from a connection; both node-postgres and PGlite fit it. */
export interface SqlConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(sql: string): Promise<unknown>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

// Built from the module's own path (not `new URL(…, import.meta.url)`) so bundlers don't treat it as an asset.
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "prisma", "migrations");

/** An arbitrary but fixed key, so concurrent migrators (several instances starting) queue up. */
const LOCK_KEY = 72707369;

const BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);`;

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function migrate(connection: SqlConnection, migrations?: Migration[]): Promise<MigrateResult> {
  const all = migrations ?? (await readMigrations());
  const result: MigrateResult = { applied: [], skipped: [] };
  await connection.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
  try {
    await connection.exec(BOOKKEEPING);
    const { rows } = (await connection.query(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    )) as { rows: { migration_name: string; checksum: string; finished_at: Date | null }[] };
    const done = new Map(rows.map((row) => [row.migration_name, row]));

    // Check every applied file first, so nothing new is applied next to an edited one.
    for (const migration of all) {
      const previous = done.get(migration.name);
      if (previous?.finished_at && previous.checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.name} was changed after it was applied (checksum ${previous.checksum} in the database, ${migration.checksum} on disk). Write a new migration instead of editing an applied one.`,
        );
      }
      if (previous && !previous.finished_at) {
        throw new MigrationError(`Migration ${migration.name} started earlier but never finished; resolve it by hand.`);
      }
    }
    for (const migration of all) {
      if (done.has(migration.name)) {
        result.skipped.push(migration.name);
        continue;
      }
      await applyOne(connection, migration);
      result.applied.push(migration.name);
    }
  } finally {
    await connection.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
  }
  return result;
}

async function applyOne(connection: SqlConnection, migration: Migration): Promise<void> {
  await connection.exec("BEGIN");
  try {
    await connection.exec(migration.sql);
    await connection.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await connection.exec("COMMIT");
  } catch (error) {
    const cause = (error as Error).message;
    try {
      await connection.exec("ROLLBACK");
    } catch (rollbackError) {
      throw new MigrationError(
        `Migration ${migration.name} failed (${cause}) and could not be rolled back: ${(rollbackError as Error).message}`,
      );
    }
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${cause}`);
  }
}
