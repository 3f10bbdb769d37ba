// Account tokens (`dft_`): list, create and revoke the caller's own tokens. A new token never
// exceeds what its creator holds; at use time it is further limited by the user's current roles.
import { AppError, newObjectId } from "@keygate/core";
import type { AccessToken } from "@keygate/core/contracts";
import { displayKey, generateKey, hashKey } from "@keygate/core/credentials";
import {
  type AccessTokenPrincipal,
  type Grant,
  grantsBeyondCaller,
  type SessionPrincipal,
  websitesBeyondCaller,
} from "@keygate/core/policy";
import { db } from "../db";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";
import { expiryWithin } from "./credential-expiry";
import { lockUser } from "./locks";

export const MAX_ACCESS_TOKENS_PER_ACCOUNT = 20;

/** Access tokens belong to users: only sessions and other tokens manage them. */
export type UserPrincipal = SessionPrincipal | AccessTokenPrincipal;

const PUBLIC_FIELDS = {
  id: true,
  name: true,
  displayKey: true,
  permissions: true,
  websiteIds: true,
  allowedIps: true,
  lastUsedAt: true,
  createdAt: true,
  expiresAt: true,
} as const;

type TokenRow = {
  id: string;
  name: string | null;
  displayKey: string;
  permissions: string[];
  websiteIds: string[];
  allowedIps: string[];
  lastUsedAt: Date | null;
  createdAt: Date;
  expiresAt: Date | null;
};

function toAccessToken(row: TokenRow, key?: string): AccessToken {
  return {
    _id: row.id,
    name: row.name,
    displayKey: row.displayKey,
    scope: "user",
    permissions: row.permissions,
    websiteIds: row.websiteIds,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    ...(row.allowedIps.length > 0 ? { allowedIps: row.allowedIps } : {}),
    ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
    ...(key ? { key } : {}),
  };
}

export async function listAccessTokens({ principal }: { principal: UserPrincipal }): Promise<AccessToken[]> {
  const prisma = await db();
  const rows = await prisma.accessToken.findMany({
    where: { userId: principal.userId, revokedAt: null },
    orderBy: { createdAt: "asc" },
    select: PUBLIC_FIELDS,
  });
  return rows.map((row) => toAccessToken(row));
}

export interface CreateAccessTokenInput {
  principal: UserPrincipal | { kind: "ops"; userId: string };
  origin: RequestOrigin;
  name?: string | null;
  permissions: Grant[];
  websiteIds: string[];
  /** Addresses and CIDR ranges the token works from; empty or absent: anywhere. */
  allowedIps?: string[];
  /** ISO 8601: when the token stops working; absent: never. */
  expiresAt?: string;
}

export async function createAccessToken({
  principal,
  origin,
  name,
  permissions,
  websiteIds,
  allowedIps = [],
  expiresAt,
}: CreateAccessTokenInput) {
  const caller = principal.kind === "ops" ? ({ kind: "session", userId: principal.userId } as const) : principal;
  const beyond = grantsBeyondCaller(caller, permissions);
  if (beyond.length > 0) {
    throw AppError.forbidden(`You cannot grant permissions you do not have: ${beyond.join(", ")}`);
  }
  expiresAt = expiryWithin(caller, expiresAt);
  const outside = websitesBeyondCaller(caller, websiteIds);
  if (outside === "all") throw AppError.forbidden("Your token is limited to some websites; list them in websiteIds");
  const uniqueWebsiteIds = [...new Set(websiteIds)];
  if (outside.length > 0) throw AppError.forbidden(`You do not have access to website ${outside[0]}`);

  const prisma = await db();
  const key = generateKey("accessToken");
  const keyHash = hashKey(key);
  const row = await prisma.$transaction(async (tx) => {
    // Lock the user so concurrent creates count one after another: the limit is exact.
    if (!(await lockUser(tx, caller.userId))) throw AppError.notFound("User not found");
    if (uniqueWebsiteIds.length > 0) {
      const memberOf = await tx.membership.findMany({
        where: { userId: caller.userId, websiteId: { in: uniqueWebsiteIds } },
        select: { websiteId: true },
      });
      const missing = uniqueWebsiteIds.find((id) => !memberOf.some((m) => m.websiteId === id));
      if (missing) throw AppError.forbidden(`You do not have access to website ${missing}`);
    }
    const active = await tx.accessToken.count({ where: { userId: caller.userId, revokedAt: null } });
    if (active >= MAX_ACCESS_TOKENS_PER_ACCOUNT) {
      throw AppError.badRequest(`Token limit reached (max ${MAX_ACCESS_TOKENS_PER_ACCOUNT} per account)`);
    }
    const created = await tx.accessToken.create({
      data: {
        id: newObjectId(),
        userId: caller.userId,
        name: name ?? null,
        keyHash,
        displayKey: displayKey(key),
        permissions: [...new Set(permissions)],
        websiteIds: uniqueWebsiteIds,
        allowedIps: [...new Set(allowedIps)],
        expiresAt: expiresAt ? new Date(expiresAt) : null,
      },
      select: PUBLIC_FIELDS,
    });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "access_token.created",
      target: { type: "accessToken", id: created.id },
      metadata: {
        name: created.name,
        permissions: created.permissions,
        websiteIds: created.websiteIds,
        ...(created.expiresAt ? { expiresAt: created.expiresAt.toISOString() } : {}),
      },
    });
    return created;
  });
  return toAccessToken(row, key);
}

export async function revokeAccessToken({
  principal,
  origin,
  tokenId,
}: {
  principal: UserPrincipal;
  origin: RequestOrigin;
  tokenId: string;
}) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.accessToken.updateMany({
      where: { id: tokenId, userId: principal.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw AppError.notFound("Access token not found");
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "access_token.revoked",
      target: { type: "accessToken", id: tokenId },
    });
  });
  return { message: "Access token deleted successfully" };
}
