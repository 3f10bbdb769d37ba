// Row locks that serialise concurrent writes under one parent, so counted limits and uniqueness
// checks hold exactly (the second writer waits, then sees the first one's row).
import type { Prisma } from "@keygate/db";

export async function lockWebsite(tx: Prisma.TransactionClient, websiteId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Website" WHERE "id" = ${websiteId} FOR UPDATE`;
}

/** Returns false when the user does not exist. */
export async function lockUser(tx: Prisma.TransactionClient, userId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
  return rows.length > 0;
}
