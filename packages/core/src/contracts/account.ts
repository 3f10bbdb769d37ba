// The caller's own account.
import { z } from "zod";
import { displayName, objectId, timestamp } from "./common";

export const updateAccountBody = z.object({ name: displayName }).strict();

export const accountResponse = z.object({
  _id: objectId.describe("User ObjectId"),
  email: z.string().describe("Email address"),
  name: z.string().nullable().describe("Display name"),
  createdAt: timestamp.describe("When the account was created"),
  websiteId: objectId.optional().describe("Only with a df_ key: the website the key belongs to"),
});

/** A new password, by the rules sign-up applies. */
export const newPassword = z
  .string()
  .min(8, "Use at least 8 characters")
  .max(200, "Use at most 200 characters")
  .describe("8 to 200 characters");

export const changePasswordBody = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(200).describe("The password in use now"),
    newPassword,
  })
  .strict();

/** A dashboard session's id: random, URL-safe base64. */
export const dashboardSessionId = z
  .string()
  .regex(/^[\w-]{20,100}$/, "Not a session id")
  .describe("Session id (URL-safe base64)");

export const endSessionBody = z.object({ sessionId: dashboardSessionId }).strict();

export const sessionItem = z.object({
  id: dashboardSessionId,
  current: z.boolean().describe("Whether this is the session the request came with"),
  createdAt: timestamp.describe("Sign-in time"),
  lastSeenAt: timestamp.describe("Last use, to within a few minutes"),
  expiresAt: timestamp.describe("When the session ends however much it is used"),
  ip: z.string().nullable().describe("Address it signed in from, when known"),
  userAgent: z.string().nullable().describe("Browser it signed in with"),
});

export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
export type SessionItem = z.infer<typeof sessionItem>;
export type UpdateAccountBody = z.infer<typeof updateAccountBody>;
export type Account = z.infer<typeof accountResponse>;
