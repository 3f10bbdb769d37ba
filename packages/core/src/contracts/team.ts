// Team members and invitations of a website.
import { z } from "zod";
import { objectId, timestamp } from "./common";

const invitableRole = z
  .enum(["member", "viewer"])
  .describe('Role to give: "member" or "viewer" (owners are made by transfer)');

export const inviteMemberBody = z
  .object({
    email: z.email("Enter a valid email address").max(254).describe("Email of the person to invite"),
    role: invitableRole.default("viewer"),
  })
  .strict();

export const removeMemberBody = z
  .object({
    userId: objectId.describe("The member's user ObjectId"),
    revokeKeys: z
      .boolean()
      .optional()
      .describe("Also revoke the website keys (df_) this member created; default false: they keep working"),
  })
  .strict();

export const changeRoleBody = z
  .object({ userId: objectId.describe("The member's user ObjectId"), role: invitableRole })
  .strict();

export const teamMemberResponse = z.object({
  userId: objectId.describe("User ObjectId"),
  name: z.string().nullable().describe("Display name"),
  email: z.string().describe("Email"),
  image: z.string().nullable().describe("Avatar URL"),
  role: z.enum(["owner", "member", "viewer"]).describe("Role on the website"),
  joinedAt: timestamp.describe("When they joined"),
});

export const invitationResponse = z.object({
  message: z.string().describe("What happened"),
  invitationId: objectId.describe("Invitation ObjectId"),
  email: z.string().describe("Invited email"),
  role: z.enum(["member", "viewer"]).describe("Role on acceptance"),
  inviteUrl: z
    .string()
    .optional()
    .describe("Link to accept, with its single-use secret. Returned once, when created or resent."),
  expiresAt: timestamp.optional().describe("When the link stops working (7 days)"),
});

export type InviteMemberBody = z.infer<typeof inviteMemberBody>;
export type TeamMember = z.infer<typeof teamMemberResponse>;
