// Opens Keygate's database: Postgres when a URL is given, otherwise embedded Postgres (PGlite)
// persisted in a folder and migrated on open, so trying Keygate needs nothing but Node.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/prisma/client";
import { migrate } from "./migrator";

export { PrismaClient };

export interface Database {
  prisma: PrismaClient;
  kind: "postgres" | "embedded";
  /**
   * A parameterised SQL query straight on the driver, for the per-request hot path (credential
   * lookup): the same pool Prisma uses, without Prisma's per-query cost.
   */
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** The driver's connection pool (Postgres only), for pool metrics and stores that need one. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgresql://… ; when absent, the embedded database in `dataDir` is used. */
  databaseUrl?: string;
  dataDir?: string;
  /** Pool size for Postgres. */
  poolSize?: number;
  /** Postgres cancels any statement running longer than this (SQLSTATE 57014); 0 = no limit. */
  statementTimeoutMs?: number;
  /** Longest wait for a connection from the pool, connecting included; 0 = no limit. */
  connectTimeoutMs?: number;
  /** Longest wait for the answer to a query, even from a database that went silent; 0 = no limit. */
  queryTimeoutMs?: number;
}

/** Prisma stores DateTime as `timestamp(3)` in UTC; read those columns back as UTC, whatever TZ says. */
const TIMESTAMP_OID = 1114;
const parseUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const UTC_TIMESTAMPS = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? parseUtcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openDatabase({
  databaseUrl,
  dataDir = ".data",
  poolSize = 10,
  statementTimeoutMs = 0,
  connectTimeoutMs = 0,
  queryTimeoutMs = 0,
}: OpenOptions): Promise<Database> {
  if (databaseUrl) {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: poolSize,
      types: UTC_TIMESTAMPS,
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
      ...(connectTimeoutMs > 0 ? { connectionTimeoutMillis: connectTimeoutMs } : {}),
      ...(queryTimeoutMs > 0 ? { query_timeout: queryTimeoutMs } : {}),
      keepAlive: true,
    });
    // An idle connection that breaks (database restarted) must not crash the process; the pool replaces it.
    pool.on("error", () => undefined);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      prisma,
      kind: "postgres",
      pool,
      query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
      async close() {
        await prisma.$disconnect();
        await pool.end().catch(() => undefined); // already ended by Prisma's disconnect
      },
    };
  }
  await mkdir(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir);
  try {
    await migrate(lite);
  } catch (error) {
    await lite.close();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    prisma,
    kind: "embedded",
    query: async <T>(text: string, params?: unknown[]) =>
      (await lite.query<T>(text, params, { parsers: { [TIMESTAMP_OID]: parseUtcTimestamp } })).rows,
    async close() {
      await prisma.$disconnect();
      await lite.close(); // flushes to disk
    },
  };
}

/** Runs the migrations against a Postgres URL on one dedicated connection. */
export async function migrateUrl(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await migrate({
      query: (sql, params) => client.query(sql, params),
      // Without parameters node-postgres uses the simple protocol, which runs several statements.
      exec: (sql) => client.query(sql),
    });
  } finally {
    await client.end();
  }
}
