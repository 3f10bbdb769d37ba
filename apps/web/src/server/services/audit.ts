// Audit events, written inside the same transaction as the change they describe.
import { newObjectId } from "@keygate/core";
import type { AuditEventItem, AuditLogQuery } from "@keygate/core/contracts";
import type { Prisma } from "@keygate/db";
import { db } from "../db";
import type { Actor, RequestOrigin } from "./context";

export type AuditAction =
  | "api_key.created"
  | "api_key.rolled"
  | "api_key.revoked"
  | "api_key.leaked"
  | "api_key.expiring"
  | "access_token.created"
  | "access_token.revoked"
  | "access_token.leaked"
  | "access_token.expiring"
  | "website.created"
  | "website.updated"
  | "website.deleted"
  | "account.updated"
  | "user.created"
  | "user.signed_in"
  | "user.email_verified"
  | "user.signed_out"
  | "session.revoked"
  | "session.revoked_all"
  | "account.password_changed"
  | "two_factor.enabled"
  | "two_factor.disabled"
  | "membership.set"
  | "team.invited"
  | "team.invitation_resent"
  | "team.invitation_canceled"
  | "team.joined"
  | "team.removed"
  | "team.role_changed"
  | "team.ownership_transferred"
  | "team.left"
  | "funnel.created"
  | "funnel.updated"
  | "funnel.deleted"
  | "alert.created"
  | "alert.updated"
  | "alert.deleted"
  | "webhook.created"
  | "webhook.deleted"
  | "visitor.erased"
  | "website.api_suspended"
  | "website.api_restored"
  | "staff.api_key_revoked"
  | "staff.access_token_revoked"
  | "staff.sessions_revoked"
  | "mcp.tool_called"
  | "staff.website_viewed"
  | "staff.user_viewed"
  | "staff.audit_log_viewed";

export interface AuditInput {
  actor: Actor;
  origin: RequestOrigin;
  action: AuditAction;
  target: { type: string; id: string };
  websiteId?: string | null;
  /** Never a secret: names, permissions, roles. */
  metadata?: Prisma.InputJsonValue;
}

function actorColumns(actor: Actor): { actorType: string; actorId: string | null; userId: string | null } {
  switch (actor.kind) {
    case "session":
      return { actorType: "session", actorId: actor.userId, userId: actor.userId };
    case "accessToken":
      return { actorType: "accessToken", actorId: actor.tokenId, userId: actor.userId };
    case "apiKey":
      return { actorType: "apiKey", actorId: actor.keyId, userId: null };
    case "staff":
      return { actorType: "staff", actorId: actor.userId, userId: actor.userId };
    case "ops":
      return { actorType: "ops", actorId: null, userId: null };
    case "system":
      return { actorType: "system", actorId: null, userId: null };
    case "secretScanning":
      return { actorType: "secretScanning", actorId: actor.keyIdentifier, userId: null };
  }
}

export async function recordAudit(tx: Prisma.TransactionClient, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      id: newObjectId(),
      ...actorColumns(input.actor),
      action: input.action,
      targetType: input.target.type,
      targetId: input.target.id,
      websiteId: input.websiteId ?? null,
      ip: input.origin.ip,
      userAgent: input.origin.userAgent?.slice(0, 512) ?? null,
      metadata: input.metadata,
    },
  });
}

/** One page of a website's audit log, newest first; the cursor is the last event's time and id. */
export async function listAuditEvents({
  websiteId,
  cursor,
  limit,
  action,
  actor,
}: { websiteId: string } & AuditLogQuery) {
  const prisma = await db();
  const [at, id] = cursor ? cursor.split("-") : [];
  const rows = await prisma.auditEvent.findMany({
    where: {
      websiteId,
      ...(at && id
        ? { OR: [{ createdAt: { lt: new Date(Number(at)) } }, { createdAt: new Date(Number(at)), id: { lt: id } }] }
        : {}),
      ...(action ? (action.endsWith(".") ? { action: { startsWith: action } } : { action }) : {}),
      ...(actor ? { AND: [{ OR: [{ actorId: actor }, { userId: actor }] }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      action: true,
      actorType: true,
      actorId: true,
      userId: true,
      targetType: true,
      targetId: true,
      ip: true,
      userAgent: true,
      metadata: true,
      createdAt: true,
    },
  });
  const pageRows = rows.slice(0, limit);
  const data: AuditEventItem[] = pageRows.map(({ id, createdAt, ...rest }) => ({
    _id: id,
    ...rest,
    createdAt: createdAt.toISOString(),
  }));
  const last = pageRows.at(-1);
  return { data, nextCursor: rows.length > limit && last ? `${last.createdAt.getTime()}-${last.id}` : null };
}
