// A website's team: members and roles, invitations (single-use links, stored hashed, valid 7
// days), role changes, ownership transfer, leaving. Owner-only steps are checked by the policy
// engine before these run; the rules about the team itself (last owner, yourself) live here.
import { AppError, newObjectId } from "@keygate/core";
import type { TeamMember } from "@keygate/core/contracts";
import { hashKey, randomBase62 } from "@keygate/core/credentials";
import type { Principal } from "@keygate/core/policy";
import type { Prisma } from "@keygate/db";
import { db } from "../db";
import { type CreatedKey, keysCreatedBy, revokeKeysCreatedBy } from "./api-keys";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";
import { VERIFY_EMAIL_FIRST } from "./email-verification";
import { lockWebsite } from "./locks";
import { normalizeEmail } from "./users";
import { enqueueWebhook } from "./webhooks";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

type UserPrincipal = Extract<Principal, { userId: string }>;
interface TeamWrite {
  principal: UserPrincipal;
  origin: RequestOrigin;
  websiteId: string;
}

export async function listMembers({ websiteId }: { websiteId: string }): Promise<TeamMember[]> {
  const prisma = await db();
  const rows = await prisma.membership.findMany({
    where: { websiteId },
    orderBy: { createdAt: "asc" },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((row) => ({
    userId: row.user.id,
    name: row.user.name,
    email: row.user.email,
    image: null,
    role: row.role,
    joinedAt: row.createdAt.toISOString(),
  }));
}

export async function listInvitations({ websiteId }: { websiteId: string }) {
  const prisma = await db();
  const rows = await prisma.invitation.findMany({
    where: { websiteId, acceptedAt: null, canceledAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
  });
  return rows.map((row) => ({
    ...row,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  }));
}

async function issueInvitation(tx: Prisma.TransactionClient, invitationId: string, baseUrl: string) {
  const secret = randomBase62(30);
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  await tx.invitation.update({ where: { id: invitationId }, data: { tokenHash: hashKey(secret), expiresAt } });
  return { inviteUrl: `${baseUrl}/invite/${secret}`, expiresAt: expiresAt.toISOString() };
}

export async function inviteMember({
  principal,
  origin,
  websiteId,
  email,
  role,
  baseUrl,
}: TeamWrite & { email: string; role: "member" | "viewer"; baseUrl: string }) {
  const prisma = await db();
  const normalized = normalizeEmail(email);
  return prisma.$transaction(async (tx) => {
    await lockWebsite(tx, websiteId);
    const member = await tx.membership.findFirst({
      where: { websiteId, user: { email: normalized } },
      select: { id: true },
    });
    if (member) throw AppError.conflict(`${normalized} is already a member of this website`);
    const pending = await tx.invitation.findFirst({
      where: { websiteId, email: normalized, acceptedAt: null, canceledAt: null, expiresAt: { gt: new Date() } },
      select: { id: true },
    });
    if (pending) throw AppError.conflict(`${normalized} is already invited to this website`);
    const invitation = await tx.invitation.create({
      data: {
        id: newObjectId(),
        websiteId,
        email: normalized,
        role,
        tokenHash: `pending:${newObjectId()}`,
        invitedById: principal.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
      select: { id: true },
    });
    const link = await issueInvitation(tx, invitation.id, baseUrl);
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "team.invited",
      target: { type: "invitation", id: invitation.id },
      websiteId,
      metadata: { email: normalized, role },
    });
    return {
      message: `Invitation sent to ${normalized}`,
      invitationId: invitation.id,
      email: normalized,
      role,
      ...link,
    };
  });
}

/** A fresh link (and 7 more days) for a pending invitation; the old link stops working. */
export async function resendInvitation({
  principal,
  origin,
  websiteId,
  invitationId,
  baseUrl,
}: TeamWrite & { invitationId: string; baseUrl: string }) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({
      where: { id: invitationId, websiteId, acceptedAt: null, canceledAt: null },
      select: { id: true, email: true, role: true },
    });
    if (!invitation) throw AppError.notFound("Invitation not found");
    const link = await issueInvitation(tx, invitation.id, baseUrl);
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "team.invitation_resent",
      target: { type: "invitation", id: invitationId },
      websiteId,
    });
    return {
      message: `Invitation sent again to ${invitation.email}`,
      invitationId,
      email: invitation.email,
      role: invitation.role as "member" | "viewer",
      ...link,
    };
  });
}

export async function cancelInvitation({
  principal,
  origin,
  websiteId,
  invitationId,
}: TeamWrite & { invitationId: string }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, websiteId, acceptedAt: null, canceledAt: null },
      data: { canceledAt: new Date() },
    });
    if (count === 0) throw AppError.notFound("Invitation not found");
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "team.invitation_canceled",
      target: { type: "invitation", id: invitationId },
      websiteId,
    });
  });
  return { message: "Invitation canceled" };
}

/** Accepts an invitation for the signed-in user, whose email must be the invited one, and verified. */
export async function acceptInvitation({
  principal,
  origin,
  secret,
}: {
  principal: UserPrincipal;
  origin: RequestOrigin;
  secret: string;
}) {
  const prisma = await db();
  const tokenHash = hashKey(secret);
  return prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash },
      select: {
        id: true,
        websiteId: true,
        email: true,
        role: true,
        acceptedAt: true,
        canceledAt: true,
        expiresAt: true,
      },
    });
    if (!invitation || invitation.acceptedAt || invitation.canceledAt || invitation.expiresAt <= new Date()) {
      throw AppError.notFound("This invitation link is invalid, used or expired. Ask for a new one.");
    }
    const user = await tx.user.findUniqueOrThrow({
      where: { id: principal.userId },
      select: { email: true, emailVerifiedAt: true },
    });
    if (user.email !== invitation.email) {
      throw AppError.forbidden(`This invitation is for ${invitation.email}. Sign in with that email to accept it.`);
    }
    // Anyone can sign up with any address; only a verified one shows the invitee is the one reading its mail.
    if (!user.emailVerifiedAt) throw AppError.forbidden(VERIFY_EMAIL_FIRST);
    await lockWebsite(tx, invitation.websiteId);
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
    await tx.membership.upsert({
      where: { userId_websiteId: { userId: principal.userId, websiteId: invitation.websiteId } },
      create: { id: newObjectId(), userId: principal.userId, websiteId: invitation.websiteId, role: invitation.role },
      update: {},
    });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "team.joined",
      target: { type: "invitation", id: invitation.id },
      websiteId: invitation.websiteId,
      metadata: { role: invitation.role },
    });
    await enqueueWebhook(tx, invitation.websiteId, "team.member_added", {
      member: { userId: principal.userId, email: user.email, role: invitation.role },
    });
    return { websiteId: invitation.websiteId, role: invitation.role };
  });
}

/**
 * Removes a member. Their account tokens lose this website with the membership; the website keys they
 * created keep working unless `revokeKeys` asks to revoke them in the same transaction. The answer
 * names the keys still working, so the dashboard can offer to revoke them.
 */
export async function removeMember({
  principal,
  origin,
  websiteId,
  userId,
  revokeKeys = false,
}: TeamWrite & { userId: string; revokeKeys?: boolean }) {
  if (userId === principal.userId) throw AppError.badRequest("You cannot remove yourself; leave the website instead");
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    await lockWebsite(tx, websiteId);
    const { count } = await tx.membership.deleteMany({ where: { websiteId, userId } });
    if (count === 0) throw AppError.notFound("Member not found");
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "team.removed",
      target: { type: "user", id: userId },
      websiteId,
    });
    await enqueueWebhook(tx, websiteId, "team.member_removed", { member: { userId }, reason: "removed" });
    if (revokeKeys) {
      const revoked = await revokeKeysCreatedBy(tx, { principal, origin, websiteId, userId });
      return { message: `Member removed${revokedNote(revoked.length)}`, keysCreated: [] as CreatedKey[] };
    }
    return { message: "Member removed", keysCreated: await keysCreatedBy(tx, { websiteId, userId }) };
  });
}

const revokedNote = (count: number) =>
  count === 0 ? "" : `; ${count} website key${count === 1 ? "" : "s"} they created revoked`;

export async function changeRole({
  principal,
  origin,
  websiteId,
  userId,
  role,
}: TeamWrite & { userId: string; role: "member" | "viewer" }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    await lockWebsite(tx, websiteId);
    const membership = await tx.membership.findUnique({
      where: { userId_websiteId: { userId, websiteId } },
      select: { role: true },
    });
    if (!membership) throw AppError.notFound("Member not found");
    if (membership.role === "owner") await assertAnotherOwner(tx, websiteId, userId);
    await tx.membership.update({ where: { userId_websiteId: { userId, websiteId } }, data: { role } });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "team.role_changed",
      target: { type: "user", id: userId },
      websiteId,
      metadata: { role },
    });
  });
  return { message: "Role changed" };
}

/** Makes another member the owner; the caller stays on as a member. */
export async function transferOwnership({ principal, origin, websiteId, userId }: TeamWrite & { userId: string }) {
  if (userId === principal.userId) throw AppError.badRequest("You already own this website");
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    await lockWebsite(tx, websiteId);
    const target = await tx.membership.findUnique({
      where: { userId_websiteId: { userId, websiteId } },
      select: { id: true },
    });
    if (!target) throw AppError.notFound("Member not found");
    await tx.membership.update({ where: { userId_websiteId: { userId, websiteId } }, data: { role: "owner" } });
    await tx.membership.update({
      where: { userId_websiteId: { userId: principal.userId, websiteId } },
      data: { role: "member" },
    });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "team.ownership_transferred",
      target: { type: "user", id: userId },
      websiteId,
    });
  });
  return { message: "Ownership transferred" };
}

export async function leaveWebsite({ principal, origin, websiteId }: TeamWrite) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    await lockWebsite(tx, websiteId);
    const membership = await tx.membership.findUnique({
      where: { userId_websiteId: { userId: principal.userId, websiteId } },
      select: { role: true },
    });
    if (!membership) throw AppError.notFound("You are not a member of this website");
    if (membership.role === "owner") await assertAnotherOwner(tx, websiteId, principal.userId);
    await tx.membership.delete({ where: { userId_websiteId: { userId: principal.userId, websiteId } } });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "team.left",
      target: { type: "user", id: principal.userId },
      websiteId,
    });
    await enqueueWebhook(tx, websiteId, "team.member_removed", {
      member: { userId: principal.userId },
      reason: "left",
    });
  });
  return { message: "You left the website" };
}

async function assertAnotherOwner(tx: Prisma.TransactionClient, websiteId: string, userId: string) {
  const others = await tx.membership.count({ where: { websiteId, role: "owner", userId: { not: userId } } });
  if (others === 0) throw AppError.badRequest("A website needs an owner: transfer ownership first");
}
