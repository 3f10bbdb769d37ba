// Audit events, written inside the same transaction as the change they describe.
import { newObjectId } from "@keygate/core";
import type { Prisma } from "@keygate/db";
import type { Actor, RequestOrigin } from "./context";

export type AuditAction =
  | "api_key.created"
  | "api_key.rolled"
  | "api_key.revoked"
  | "access_token.created"
  | "access_token.revoked"
  | "website.created"
  | "website.updated"
  | "account.updated"
  | "user.created"
  | "membership.set"
  | "team.invited"
  | "team.invitation_resent"
  | "team.invitation_canceled"
  | "team.joined"
  | "team.removed"
  | "team.role_changed"
  | "team.ownership_transferred"
  | "team.left"
  | "website.api_suspended"
  | "website.api_restored"
  | "staff.api_key_revoked"
  | "staff.access_token_revoked";

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
    case "ops":
      return { actorType: "ops", actorId: null, userId: null };
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
