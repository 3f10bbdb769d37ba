// The process-wide database handle. Kept on globalThis so the REST router, Next's server bundle
// and the ops commands share one connection pool (and one embedded database) per process.
import { type Database, openDatabase, type PrismaClient } from "@keygate/db";
import { env } from "../env";

const holder = globalThis as typeof globalThis & { __keygateDb?: Promise<Database> };

export function database(): Promise<Database> {
  holder.__keygateDb ??= openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
  });
  return holder.__keygateDb;
}

export async function db(): Promise<PrismaClient> {
  return (await database()).prisma;
}

export async function closeDatabase(): Promise<void> {
  const open = holder.__keygateDb;
  holder.__keygateDb = undefined;
  if (open) await (await open).close();
}
