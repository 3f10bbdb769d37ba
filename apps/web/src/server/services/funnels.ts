// Funnels of a website: names are unique among the live ones; deleting keeps the row (deletedAt).
import { AppError, newObjectId } from "@keygate/core";
import type { Funnel, FunnelStep } from "@keygate/core/contracts";
import type { Prisma } from "@keygate/db";
import { db } from "../db";
import { recordAudit } from "./audit";
import type { WebsiteWrite as Write } from "./context";
import { lockWebsite } from "./locks";

const FIELDS = { id: true, websiteId: true, name: true, steps: true, createdAt: true, updatedAt: true } as const;
type Row = { id: string; websiteId: string; name: string; steps: Prisma.JsonValue; createdAt: Date; updatedAt: Date };

function toFunnel(row: Row): Funnel {
  return {
    _id: row.id,
    websiteId: row.websiteId,
    name: row.name,
    steps: row.steps as Funnel["steps"],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listFunnels({ websiteId }: { websiteId: string }): Promise<Funnel[]> {
  const prisma = await db();
  const rows = await prisma.funnel.findMany({
    where: { websiteId, deletedAt: null },
    orderBy: { createdAt: "asc" },
    select: FIELDS,
  });
  return rows.map(toFunnel);
}

/** Locks the website so two writers cannot both claim a name (compared case-insensitively, as text). */
async function assertNameFree(tx: Prisma.TransactionClient, websiteId: string, name: string, except?: string) {
  await lockWebsite(tx, websiteId);
  // Not Prisma's `mode: "insensitive"`: it compares with ILIKE, where %, _ and \ in a name act as a pattern.
  const clash = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Funnel"
    WHERE "websiteId" = ${websiteId} AND "deletedAt" IS NULL AND lower("name") = lower(${name}) AND "id" <> ${except ?? ""}
    LIMIT 1`;
  if (clash.length > 0) throw AppError.conflict(`A funnel named "${name}" already exists on this website`);
}

export async function createFunnel({
  principal,
  origin,
  websiteId,
  name,
  steps,
}: Write & { name: string; steps: FunnelStep[] }) {
  const prisma = await db();
  const row = await prisma.$transaction(async (tx) => {
    await assertNameFree(tx, websiteId, name);
    const created = await tx.funnel.create({ data: { id: newObjectId(), websiteId, name, steps }, select: FIELDS });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "funnel.created",
      target: { type: "funnel", id: created.id },
      websiteId,
      metadata: { name },
    });
    return created;
  });
  return toFunnel(row);
}

export async function updateFunnel({
  principal,
  origin,
  websiteId,
  funnelId,
  changes,
}: Write & { funnelId: string; changes: { name?: string; steps?: FunnelStep[] } }) {
  const prisma = await db();
  const row = await prisma.$transaction(async (tx) => {
    if (changes.name) await assertNameFree(tx, websiteId, changes.name, funnelId);
    const { count } = await tx.funnel.updateMany({
      where: { id: funnelId, websiteId, deletedAt: null },
      data: changes,
    });
    if (count === 0) throw AppError.notFound("Funnel not found");
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "funnel.updated",
      target: { type: "funnel", id: funnelId },
      websiteId,
    });
    return tx.funnel.findUniqueOrThrow({ where: { id: funnelId }, select: FIELDS });
  });
  return toFunnel(row);
}

export async function deleteFunnel({ principal, origin, websiteId, funnelId }: Write & { funnelId: string }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.funnel.updateMany({
      where: { id: funnelId, websiteId, deletedAt: null },
      data: { deletedAt: new Date() },
    });
    if (count === 0) throw AppError.notFound("Funnel not found");
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "funnel.deleted",
      target: { type: "funnel", id: funnelId },
      websiteId,
    });
  });
  return { deleted: true as const };
}
