// The internal admin console's use cases: find users and websites, look inside one, and contain a
// leaked credential. Every write is audited with the staff member as actor.
import { AppError } from "@keygate/core";
import { db } from "../db";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";

export interface StaffWrite {
  staffUserId: string;
  origin: RequestOrigin;
}

/** A refetch of the same page within this long is the same view. */
const VIEW_WINDOW_MS = 10 * 60_000;

/**
 * Audits a staff member's look at a website, a user or an audit log: once per view, not once per
 * refetch (the console's queries refresh on focus).
 */
export async function recordStaffView({
  staffUserId,
  origin,
  action,
  target,
  websiteId = null,
}: StaffWrite & {
  action: "staff.website_viewed" | "staff.user_viewed" | "staff.audit_log_viewed";
  target: { type: "website" | "user"; id: string };
  websiteId?: string | null;
}): Promise<void> {
  const prisma = await db();
  const since = new Date(Date.now() - VIEW_WINDOW_MS);
  const seen = await prisma.auditEvent.findFirst({
    where: { actorType: "staff", actorId: staffUserId, action, targetId: target.id, createdAt: { gte: since } },
    select: { id: true },
  });
  if (seen) return;
  await recordAudit(prisma, { actor: { kind: "staff", userId: staffUserId }, origin, action, target, websiteId });
}

/** Where a user stands with the console: staff with two-factor sign-in, staff without it, or nobody. */
export type StaffAccess = "granted" | "needs_two_factor" | "none";

export const STAFF_NEEDS_TWO_FACTOR =
  "The admin console needs two-factor sign-in. Turn it on from your Account page, then come back.";

export async function staffAccess(userId: string): Promise<StaffAccess> {
  const prisma = await db();
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { isStaff: true, twoFactor: { select: { enabledAt: true } } },
  });
  if (!user?.isStaff) return "none";
  // A password alone (a leaked one, or a stolen session of an account without a second factor) never opens the console.
  return user.twoFactor?.enabledAt ? "granted" : "needs_two_factor";
}

/**
 * The one check in front of every staff action: 404 for everyone who is not staff (as if the console
 * did not exist), 403 for staff without two-factor sign-in.
 */
export async function requireStaff(userId: string): Promise<void> {
  const access = await staffAccess(userId);
  if (access === "none") throw AppError.notFound("Not found");
  if (access === "needs_two_factor") throw AppError.forbidden(STAFF_NEEDS_TWO_FACTOR);
}

export async function search({ query }: { query: string }) {
  const prisma = await db();
  const q = query.trim();
  const [users, websites] = await Promise.all([
    prisma.user.findMany({
      where: q
        ? {
            OR: [
              { email: { contains: q, mode: "insensitive" } },
              { name: { contains: q, mode: "insensitive" } },
              { id: q },
            ],
          }
        : {},
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, email: true, name: true, isStaff: true, createdAt: true },
    }),
    prisma.website.findMany({
      where: q
        ? {
            OR: [
              { domain: { contains: q, mode: "insensitive" } },
              { name: { contains: q, mode: "insensitive" } },
              { id: q },
            ],
          }
        : {},
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, domain: true, name: true, apiSuspendedAt: true },
    }),
  ]);
  return {
    users: users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
    websites: websites.map((w) => ({ id: w.id, domain: w.domain, name: w.name, suspended: w.apiSuspendedAt !== null })),
  };
}

export async function websiteOverview({ websiteId }: { websiteId: string }) {
  const prisma = await db();
  const website = await prisma.website.findUnique({
    where: { id: websiteId },
    select: {
      id: true,
      domain: true,
      name: true,
      apiSuspendedAt: true,
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { role: true, user: { select: { id: true, email: true, name: true } } },
      },
      apiKeys: {
        where: { revokedAt: null },
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, displayKey: true, lastUsedAt: true, createdAt: true },
      },
    },
  });
  if (!website) throw AppError.notFound("Website not found");
  // Account tokens that reach this website: its members' live tokens scoped to all their websites or to this one.
  const tokens = await prisma.accessToken.findMany({
    where: {
      revokedAt: null,
      userId: { in: website.memberships.map((m) => m.user.id) },
      OR: [{ websiteIds: { isEmpty: true } }, { websiteIds: { has: websiteId } }],
    },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      displayKey: true,
      permissions: true,
      lastUsedAt: true,
      user: { select: { email: true } },
    },
  });
  return {
    id: website.id,
    tokens: tokens.map(({ user, lastUsedAt, ...token }) => ({
      ...token,
      owner: user.email,
      lastUsedAt: lastUsedAt?.toISOString() ?? null,
    })),
    domain: website.domain,
    name: website.name,
    suspendedAt: website.apiSuspendedAt?.toISOString() ?? null,
    members: website.memberships.map((m) => ({ ...m.user, role: m.role })),
    keys: website.apiKeys.map((k) => ({
      ...k,
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      createdAt: k.createdAt.toISOString(),
    })),
  };
}

export async function userOverview({ userId }: { userId: string }) {
  const prisma = await db();
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      isStaff: true,
      memberships: { select: { role: true, website: { select: { id: true, domain: true } } } },
      accessTokens: {
        where: { revokedAt: null },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          name: true,
          displayKey: true,
          permissions: true,
          websiteIds: true,
          lastUsedAt: true,
          createdAt: true,
        },
      },
    },
  });
  if (!user) throw AppError.notFound("User not found");
  return {
    ...user,
    memberships: user.memberships.map((m) => ({ websiteId: m.website.id, domain: m.website.domain, role: m.role })),
    accessTokens: user.accessTokens.map((t) => ({
      ...t,
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      createdAt: t.createdAt.toISOString(),
    })),
  };
}

export async function staffRevokeApiKey({ staffUserId, origin, apiKeyId }: StaffWrite & { apiKeyId: string }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const key = await tx.websiteApiKey.findFirst({
      where: { id: apiKeyId, revokedAt: null },
      select: { websiteId: true },
    });
    if (!key) throw AppError.notFound("API key not found");
    await tx.websiteApiKey.update({ where: { id: apiKeyId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      actor: { kind: "staff", userId: staffUserId },
      origin,
      action: "staff.api_key_revoked",
      target: { type: "apiKey", id: apiKeyId },
      websiteId: key.websiteId,
    });
  });
}

export async function staffRevokeAccessToken({ staffUserId, origin, tokenId }: StaffWrite & { tokenId: string }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.accessToken.updateMany({
      where: { id: tokenId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw AppError.notFound("Access token not found");
    await recordAudit(tx, {
      actor: { kind: "staff", userId: staffUserId },
      origin,
      action: "staff.access_token_revoked",
      target: { type: "accessToken", id: tokenId },
    });
  });
}

/** Cuts off (or restores) every API key of a website at once; keys then get 403 with a clear message. */
export async function setApiSuspended({
  staffUserId,
  origin,
  websiteId,
  suspended,
}: StaffWrite & { websiteId: string; suspended: boolean }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.website.updateMany({
      where: { id: websiteId },
      data: { apiSuspendedAt: suspended ? new Date() : null },
    });
    if (count === 0) throw AppError.notFound("Website not found");
    await recordAudit(tx, {
      actor: { kind: "staff", userId: staffUserId },
      origin,
      action: suspended ? "website.api_suspended" : "website.api_restored",
      target: { type: "website", id: websiteId },
      websiteId,
    });
  });
}
