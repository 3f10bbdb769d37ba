// Keeps `lastUsedAt` roughly current without a write per request: at most one UPDATE per
// credential per minute from this process, sent after the response path, and the WHERE clause
// keeps several instances from writing more often than that either.
import { db } from "../db";
import { errorFields, log } from "../log";

const INTERVAL_MS = 60_000;
const MAX_TRACKED = 50_000;
const lastWrite = new Map<string, number>();

export type CredentialTable = "WebsiteApiKey" | "AccessToken";

export function touchLastUsed(table: CredentialTable, id: string, now = Date.now()): void {
  const previous = lastWrite.get(id);
  if (previous !== undefined && now - previous < INTERVAL_MS) return;
  if (lastWrite.size >= MAX_TRACKED) lastWrite.clear();
  lastWrite.set(id, now);
  setImmediate(() => {
    write(table, id).catch((error) => log("warn", "lastUsedAt update failed", { table, id, ...errorFields(error) }));
  });
}

async function write(table: CredentialTable, id: string): Promise<void> {
  const prisma = await db();
  if (table === "WebsiteApiKey") {
    await prisma.$executeRaw`UPDATE "WebsiteApiKey" SET "lastUsedAt" = now()
      WHERE "id" = ${id} AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute')`;
  } else {
    await prisma.$executeRaw`UPDATE "AccessToken" SET "lastUsedAt" = now()
      WHERE "id" = ${id} AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute')`;
  }
}
