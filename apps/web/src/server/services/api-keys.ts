// Website API keys (`df_`): list, create, roll and revoke. Raw keys leave only through create/roll.
import { AppError, newObjectId } from "@keygate/core";
import type { ApiKey } from "@keygate/core/contracts";
import { displayKey, generateKey, hashKey } from "@keygate/core/credentials";
import {
  keyPermissionsBeyondCaller,
  keyPermissionsHeld,
  type Permission,
  type Role,
  WEBSITE_KEY_PERMISSIONS,
} from "@keygate/core/policy";
import type { Prisma } from "@keygate/db";
import { database, db } from "../db";
import { recordAudit } from "./audit";
import type { WebsiteWrite as WriteInput } from "./context";
import { expiryWithin } from "./credential-expiry";
import { lockWebsite } from "./locks";
import { enqueueWebhook } from "./webhooks";

export const MAX_API_KEYS_PER_WEBSITE = 10;

const PUBLIC_FIELDS = {
  id: true,
  name: true,
  displayKey: true,
  websiteId: true,
  lastUsedAt: true,
  createdAt: true,
  permissions: true,
  allowedIps: true,
  createdByKeyId: true,
  expiresAt: true,
} as const;

type ApiKeyRow = {
  id: string;
  name: string | null;
  displayKey: string;
  websiteId: string;
  lastUsedAt: Date | null;
  createdAt: Date;
  permissions: string[];
  allowedIps: string[];
  createdByKeyId: string | null;
  expiresAt: Date | null;
};

function toApiKey(row: ApiKeyRow, key?: string): ApiKey {
  return {
    _id: row.id,
    name: row.name,
    displayKey: row.displayKey,
    websiteId: row.websiteId,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    // Restrictions show only when set: an unrestricted key looks exactly as in DataFast.
    ...(row.permissions.length > 0 ? { permissions: row.permissions } : {}),
    ...(row.allowedIps.length > 0 ? { allowedIps: row.allowedIps } : {}),
    ...(row.createdByKeyId ? { createdByKeyId: row.createdByKeyId } : {}),
    ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
    ...(key ? { key } : {}),
  };
}

/** A key as webhook payloads name it (never its secret). */
const webhookKey = (row: { id: string; name: string | null; displayKey: string }) => ({
  _id: row.id,
  name: row.name,
  displayKey: row.displayKey,
});

/** On the REST hot path: one query straight on the driver. */
export async function listApiKeys({ websiteId }: { websiteId: string }): Promise<ApiKey[]> {
  const { query } = await database();
  const rows = await query<ApiKeyRow>(
    `SELECT "id", "name", "displayKey", "websiteId", "lastUsedAt", "createdAt", "permissions", "allowedIps", "createdByKeyId",
       "expiresAt"
     FROM "WebsiteApiKey"
     WHERE "websiteId" = $1 AND "revokedAt" IS NULL ORDER BY "createdAt" ASC`,
    [websiteId],
  );
  return rows.map((row) => toApiKey(row));
}

/** Who asks for a key, on which website, with which role there: what the key may hold at most. */
type KeyCaller = Pick<WriteInput, "principal" | "websiteId"> & { role: Role | null };

/** 403 when the caller asks for a key that could do more than itself (see keyPermissionsBeyondCaller). */
function checkKeyPermissions({ principal, websiteId, role }: KeyCaller, key: { permissions?: readonly string[] }) {
  const beyond = keyPermissionsBeyondCaller(principal, websiteId, role, key);
  if (beyond.length > 0) {
    throw AppError.forbidden(`You cannot create or roll a key with permissions you lack: ${beyond.join(", ")}`);
  }
}

/** Whether the caller lacks some website-key permission (a restricted key, or a token with few permissions). */
function holdsLess({ principal, websiteId, role }: KeyCaller): Permission[] | null {
  const held = keyPermissionsHeld(principal, websiteId, role);
  return held.size < WEBSITE_KEY_PERMISSIONS.size ? [...held] : null;
}

export async function createApiKey({
  principal,
  origin,
  websiteId,
  name,
  permissions = [],
  allowedIps = [],
  expiresAt,
  role,
}: WriteInput & {
  name?: string | null;
  permissions?: string[];
  allowedIps?: string[];
  expiresAt?: string;
  role: Role | null;
}) {
  // A caller that holds fewer than a website key's permissions (a restricted key, a narrow token) makes
  // keys restricted to what it holds by default, and never more.
  const caller = { principal, websiteId, role };
  const held = holdsLess(caller);
  if (held && permissions.length === 0) permissions = held;
  checkKeyPermissions(caller, { permissions });
  expiresAt = expiryWithin(principal, expiresAt);
  permissions = [...new Set(permissions)];
  allowedIps = [...new Set(allowedIps)];
  const prisma = await db();
  const key = generateKey("apiKey");
  const keyHash = hashKey(key);
  const row = await prisma.$transaction(async (tx) => {
    // Lock the website so concurrent creates count one after another: the limit is exact.
    await lockWebsite(tx, websiteId);
    const active = await tx.websiteApiKey.count({ where: { websiteId, revokedAt: null } });
    if (active >= MAX_API_KEYS_PER_WEBSITE) {
      throw AppError.badRequest(`Key limit reached (max ${MAX_API_KEYS_PER_WEBSITE} per website)`);
    }
    const created = await tx.websiteApiKey.create({
      data: {
        id: newObjectId(),
        websiteId,
        name: name ?? null,
        keyHash,
        displayKey: displayKey(key),
        createdById: principal.kind === "apiKey" ? null : principal.userId,
        createdByKeyId: principal.kind === "apiKey" ? principal.keyId : null,
        permissions,
        allowedIps,
        expiresAt: expiresAt ? new Date(expiresAt) : null,
      },
      select: PUBLIC_FIELDS,
    });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "api_key.created",
      target: { type: "apiKey", id: created.id },
      websiteId,
      metadata: {
        name: created.name,
        displayKey: created.displayKey,
        ...(permissions.length > 0 ? { permissions } : {}),
        ...(allowedIps.length > 0 ? { allowedIps } : {}),
        ...(created.expiresAt ? { expiresAt: created.expiresAt.toISOString() } : {}),
      },
    });
    await enqueueWebhook(tx, websiteId, "api_key.created", { apiKey: webhookKey(created) });
    return created;
  });
  return toApiKey(row, key);
}

/**
 * Replaces the secret of a key, keeping its id. The old value stops working at once, or after
 * `expireOldKeyInMinutes`; a roll during a grace window replaces the value still in it (one old value at a time).
 * The key keeps its expiry, and the old value never outlives it; an expired key is not rolled (create a new one).
 */
export async function rollApiKey({
  principal,
  origin,
  websiteId,
  apiKeyId,
  expireOldKeyInMinutes = 0,
  role,
}: WriteInput & { apiKeyId: string; expireOldKeyInMinutes?: number; role: Role | null }) {
  const prisma = await db();
  const caller = { principal, websiteId, role };
  if (holdsLess(caller)) {
    const target = await prisma.websiteApiKey.findFirst({
      where: { id: apiKeyId, websiteId, revokedAt: null },
      select: { permissions: true },
    });
    if (target) checkKeyPermissions(caller, target);
  }
  const key = generateKey("apiKey");
  const keyHash = hashKey(key);
  const grace = expireOldKeyInMinutes > 0;
  const row = await prisma.$transaction(async (tx) => {
    // SET reads the row as it was: the replaced hash moves to "previousKeyHash" in the same statement.
    const count = await tx.$executeRaw`
      UPDATE "WebsiteApiKey" SET
        "previousKeyHash" = CASE WHEN ${grace}::boolean THEN "keyHash" ELSE NULL END,
        "previousKeyExpiresAt" = CASE WHEN ${grace}::boolean
          THEN LEAST(now() + make_interval(mins => ${expireOldKeyInMinutes}::int), "expiresAt") ELSE NULL END,
        "keyHash" = ${keyHash},
        "displayKey" = ${displayKey(key)}
      WHERE "id" = ${apiKeyId} AND "websiteId" = ${websiteId} AND "revokedAt" IS NULL
        AND ("expiresAt" IS NULL OR "expiresAt" > now())`;
    if (count === 0) {
      const expired = await tx.websiteApiKey.count({ where: { id: apiKeyId, websiteId, revokedAt: null } });
      if (expired > 0) throw AppError.badRequest("API key expired: create a new key instead of rolling it");
      throw AppError.notFound("API key not found");
    }
    const rolled = await tx.websiteApiKey.findUniqueOrThrow({ where: { id: apiKeyId }, select: PUBLIC_FIELDS });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "api_key.rolled",
      target: { type: "apiKey", id: apiKeyId },
      websiteId,
      metadata: { displayKey: rolled.displayKey, expireOldKeyInMinutes },
    });
    await enqueueWebhook(tx, websiteId, "api_key.rolled", { apiKey: webhookKey(rolled), expireOldKeyInMinutes });
    return rolled;
  });
  return toApiKey(row, key);
}

/** The dashboard's list: the keys and, while a grace window runs, when the old value stops working. */
export async function listApiKeysWithGrace({ websiteId }: { websiteId: string }) {
  const prisma = await db();
  const rows = await prisma.websiteApiKey.findMany({
    where: { websiteId, revokedAt: null },
    orderBy: { createdAt: "asc" },
    select: { ...PUBLIC_FIELDS, previousKeyExpiresAt: true },
  });
  const now = Date.now();
  return rows.map((row) => ({
    ...toApiKey(row),
    oldKeyExpiresAt:
      row.previousKeyExpiresAt && row.previousKeyExpiresAt.getTime() > now
        ? row.previousKeyExpiresAt.toISOString()
        : null,
  }));
}

export async function revokeApiKey({ principal, origin, websiteId, apiKeyId }: WriteInput & { apiKeyId: string }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.websiteApiKey.updateMany({
      where: { id: apiKeyId, websiteId, revokedAt: null },
      // Both values end at once: the current one and any old one still in its grace window.
      data: { revokedAt: new Date(), previousKeyHash: null, previousKeyExpiresAt: null },
    });
    if (count === 0) throw AppError.notFound("API key not found");
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "api_key.revoked",
      target: { type: "apiKey", id: apiKeyId },
      websiteId,
    });
    await enqueueWebhook(tx, websiteId, "api_key.revoked", { apiKey: { _id: apiKeyId } });
  });
  return { deleted: true as const };
}

/** A key as the removal prompt names it: which still works on the website, created by a member now gone. */
export interface CreatedKey {
  _id: string;
  name: string | null;
  displayKey: string;
}

/** The working keys of a website that a user created, directly or through keys they created (newest last). */
export async function keysCreatedBy(
  tx: Prisma.TransactionClient,
  { websiteId, userId }: { websiteId: string; userId: string },
): Promise<CreatedKey[]> {
  // The user's keys, and the keys those keys created, and so on (a key made by a key has no user).
  const rows = await tx.$queryRaw<{ id: string; name: string | null; displayKey: string }[]>`
    WITH RECURSIVE made AS (
      SELECT "id" FROM "WebsiteApiKey" WHERE "websiteId" = ${websiteId} AND "createdById" = ${userId}
      UNION
      SELECT k."id" FROM "WebsiteApiKey" k JOIN made m ON k."createdByKeyId" = m."id" WHERE k."websiteId" = ${websiteId}
    )
    SELECT "id", "name", "displayKey" FROM "WebsiteApiKey"
    WHERE "id" IN (SELECT "id" FROM made) AND "revokedAt" IS NULL ORDER BY "createdAt" ASC, "id" ASC`;
  return rows.map((row) => ({ _id: row.id, name: row.name, displayKey: row.displayKey }));
}

/**
 * Revokes every working key of a website that a user created, one audit event each: what an owner
 * does after removing a member, so the keys they made leave with them.
 */
export async function revokeKeysCreatedBy(
  tx: Prisma.TransactionClient,
  { principal, origin, websiteId, userId }: WriteInput & { userId: string },
): Promise<CreatedKey[]> {
  const keys = await keysCreatedBy(tx, { websiteId, userId });
  if (keys.length === 0) return keys;
  await tx.websiteApiKey.updateMany({
    where: { id: { in: keys.map((key) => key._id) }, revokedAt: null },
    data: { revokedAt: new Date(), previousKeyHash: null, previousKeyExpiresAt: null },
  });
  for (const key of keys) {
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "api_key.revoked",
      target: { type: "apiKey", id: key._id },
      websiteId,
      metadata: { displayKey: key.displayKey, reason: "creator_removed", createdById: userId },
    });
    await enqueueWebhook(tx, websiteId, "api_key.revoked", { apiKey: { ...key }, reason: "creator_removed" });
  }
  return keys;
}

/** The dashboard's follow-up to a removal: revoke what the removed member created, in one transaction. */
export async function revokeApiKeysCreatedBy(input: WriteInput & { userId: string }) {
  const prisma = await db();
  const revoked = await prisma.$transaction((tx) => revokeKeysCreatedBy(tx, input));
  return { revoked: revoked.length };
}
