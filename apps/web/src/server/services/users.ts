// Users and memberships as internal admins manage them (ops commands; sign-up reuses createUser).
import { AppError, newObjectId } from "@keygate/core";
import type { Role } from "@keygate/core/policy";
import { hash } from "@node-rs/argon2";
import { db } from "../db";
import { recordAudit } from "./audit";
import type { Actor, RequestOrigin } from "./context";

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
}

export async function createUser({ actor, origin, email, password, name, staff = false }: CreateUserInput) {
  if (password.length < 8) throw AppError.badRequest("Password must be at least 8 characters");
  const prisma = await db();
  const normalized = normalizeEmail(email);
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { id: newObjectId(), email: normalized, name: name ?? null, passwordHash, isStaff: staff },
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
    return { userId: user.id, websiteId, role: membership.role };
  });
}

/** The local user for an OAuth sign-in, matched by (verified) email; created without a password. */
export async function findOrCreateOAuthUser({ email, name }: { email: string; name: string | null }) {
  const existing = await findUserByEmail(email);
  if (existing) return existing;
  const prisma = await db();
  const normalized = normalizeEmail(email);
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { id: newObjectId(), email: normalized, name },
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
