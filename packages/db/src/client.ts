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
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgresql://… ; when absent, the embedded database in `dataDir` is used. */
  databaseUrl?: string;
  dataDir?: string;
  /** Pool size for Postgres. */
  poolSize?: number;
}

export async function openDatabase({ databaseUrl, dataDir = ".data", poolSize = 10 }: OpenOptions): Promise<Database> {
  if (databaseUrl) {
    const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
    const prisma = new PrismaClient({ adapter });
    return { prisma, kind: "postgres", close: () => prisma.$disconnect() };
  }
  await mkdir(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir);
  await migrate(lite);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    prisma,
    kind: "embedded",
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
