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

export type UpdateAccountBody = z.infer<typeof updateAccountBody>;
export type Account = z.infer<typeof accountResponse>;
