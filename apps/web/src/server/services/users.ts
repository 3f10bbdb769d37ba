// Users and memberships as internal admins manage them (ops commands, the demo seed), and the local
// user behind an OAuth sign-in. Self-service sign-up is in sign-up.ts.
import { AppError, newObjectId } from "@keygate/core";
import type { Role } from "@keygate/core/policy";
import { hash } from "@node-rs/argon2";
import { db } from "../db";
import { recordAudit } from "./audit";
import type { Actor, RequestOrigin } from "./context";
import { enqueueWebhook } from "./webhooks";

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes). */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface CreateUserInput {
  actor: Actor;
  origin: RequestOrigin;
  email: string;
  password: string;
  name?: string | null;
  staff?: boolean;
  /** Users made by an admin start verified; false leaves the address to be verified by mail. */
  emailVerified?: boolean;
}

export async function createUser({
  actor,
  origin,
  email,
  password,
  name,
  staff = false,
  emailVerified = true,
}: CreateUserInput) {
  if (password.length < 8) throw AppError.badRequest("Password must be at least 8 characters");
  const prisma = await db();
  const normalized = normalizeEmail(email);
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          id: newObjectId(),
          email: normalized,
          name: name ?? null,
          passwordHash,
          isStaff: staff,
          emailVerifiedAt: emailVerified ? new Date() : null,
        },
        select: { id: true, email: true, name: true, isStaff: true },
      });
      await recordAudit(tx, {
        actor,
        origin,
        action: "user.created",
        target: { type: "user", id: user.id },
        metadata: { staff },
      });
      return user;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002")
      throw AppError.conflict(`A user with email ${normalized} already exists`);
    throw error;
  }
}

export async function findUserByEmail(email: string) {
  const prisma = await db();
  return prisma.user.findUnique({ where: { email: normalizeEmail(email) }, select: { id: true, email: true } });
}

/** Adds the user to the website with `role`, or changes their role; demotion takes effect at once. */
export async function setMembership({
  actor,
  origin,
  websiteId,
  email,
  role,
}: {
  actor: Actor;
  origin: RequestOrigin;
  websiteId: string;
  email: string;
  role: Role;
}) {
  const prisma = await db();
  const user = await findUserByEmail(email);
  if (!user) throw AppError.notFound(`No user with email ${normalizeEmail(email)}`);
  const website = await prisma.website.findUnique({ where: { id: websiteId }, select: { id: true } });
  if (!website) throw AppError.notFound(`No website with id ${websiteId}`);
  return prisma.$transaction(async (tx) => {
    const existed = await tx.membership.findUnique({
      where: { userId_websiteId: { userId: user.id, websiteId } },
      select: { id: true },
    });
    const membership = await tx.membership.upsert({
      where: { userId_websiteId: { userId: user.id, websiteId } },
      create: { id: newObjectId(), userId: user.id, websiteId, role },
      update: { role },
      select: { id: true, role: true },
    });
    await recordAudit(tx, {
      actor,
      origin,
      action: "membership.set",
      target: { type: "membership", id: membership.id },
      websiteId,
      metadata: { userId: user.id, role },
    });
    if (!existed) {
      await enqueueWebhook(tx, websiteId, "team.member_added", {
        member: { userId: user.id, email: user.email, role },
      });
    }
    return { userId: user.id, websiteId, role: membership.role };
  });
}

export const OAUTH_UNVERIFIED_ACCOUNT =
  "The account with this email address is not verified yet. Sign in with its password and verify the address first; then this sign-in method works too.";

/**
 * The local user for an OAuth sign-in, matched by the email the provider vouches for; created
 * without a password, verified. An existing account whose address is not verified is never signed
 * into this way (403): whoever set its password has not proven they own the address either.
 */
export async function findOrCreateOAuthUser({ email, name }: { email: string; name: string | null }) {
  const prisma = await db();
  const normalized = normalizeEmail(email);
  const existing = await prisma.user.findUnique({
    where: { email: normalized },
    select: { id: true, email: true, emailVerifiedAt: true },
  });
  if (existing) {
    if (!existing.emailVerifiedAt) throw AppError.forbidden(OAUTH_UNVERIFIED_ACCOUNT);
    return { id: existing.id, email: existing.email };
  }
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { id: newObjectId(), email: normalized, name, emailVerifiedAt: new Date() },
      select: { id: true, email: true },
    });
    await recordAudit(tx, {
      actor: { kind: "session", userId: user.id },
      origin: { ip: null, userAgent: null },
      action: "user.created",
      target: { type: "user", id: user.id },
      metadata: { via: "oauth" },
    });
    return user;
  });
}
