// The audit log of a website.
import { z } from "zod";
import { objectId, timestamp } from "./common";

export const auditLogQuery = z
  .object({
    cursor: z
      .string()
      .regex(/^\d{1,15}-[0-9a-f]{24}$/, "Pass back the nextCursor of the previous page")
      .optional()
      .describe("`nextCursor` from the previous page"),
    limit: z.coerce.number().int().min(1).max(200).default(50).describe("Events per page, 1–200 (default 50)"),
    action: z
      .string()
      .regex(/^[a-z_.]+$/, "Letters, dots and underscores only")
      .max(64)
      .optional()
      .describe("Only this action, e.g. api_key.rolled; a prefix ending in a dot (api_key.) matches a family"),
    actor: objectId.optional().describe("Only events by this user, token or key id"),
  })
  .strict();

export const auditEventResponse = z.object({
  _id: objectId.describe("Event ObjectId"),
  action: z.string().describe("What happened, e.g. api_key.created"),
  actorType: z.string().describe("session, accessToken, apiKey, ops or staff"),
  actorId: z.string().nullable().describe("The user, token or key that acted"),
  userId: z.string().nullable().describe("The user behind the actor, when there is one"),
  targetType: z.string().describe("Kind of the thing acted on"),
  targetId: z.string().describe("Id of the thing acted on"),
  ip: z.string().nullable().describe("Client IP"),
  userAgent: z.string().nullable().describe("Client user agent"),
  metadata: z.unknown().nullable().describe("Details; never a secret"),
  createdAt: timestamp.describe("When"),
});

export type AuditLogQuery = z.infer<typeof auditLogQuery>;
export type AuditEventItem = z.infer<typeof auditEventResponse>;
