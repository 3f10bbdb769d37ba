// Account tokens (`dft_`): request bodies and the token object.
import { z } from "zod";
import { GRANTS } from "../policy/permissions";
import { allowedIps } from "./api-keys";
import { objectId, optionalName, timestamp } from "./common";
import { expiresAt, expiresAtResponse } from "./expiry";

export const grant = z.enum(GRANTS as [string, ...string[]]).describe("A permission such as `analytics:read`, or `*`");

export const accessTokenParams = z.object({ tokenId: objectId.describe("Access token ObjectId") });

export const createAccessTokenBody = z
  .object({
    name: optionalName,
    permissions: z
      .array(grant)
      .min(1, "Give at least one permission")
      .max(64)
      .default(["*"])
      .describe('Permissions of the token. Default ["*"]. Never more than the caller holds.'),
    websiteIds: z
      .array(objectId)
      .max(100)
      .default([])
      .describe("Websites the token is limited to; [] (default) means all of your websites"),
    allowedIps: allowedIps.optional(),
    expiresAt: expiresAt.optional(),
  })
  .strict();

export const accessTokenResponse = z.object({
  _id: objectId.describe("Access token ObjectId"),
  name: z.string().nullable().describe("Label for the token"),
  displayKey: z.string().describe("Masked token, e.g. dft_ab12...xyz9"),
  scope: z.literal("user").describe('Always "user": the token acts for the user who created it'),
  permissions: z.array(z.string()).describe("Permissions granted"),
  websiteIds: z.array(objectId).describe("Website scope; [] means all websites"),
  lastUsedAt: timestamp.nullable().describe("Last usage timestamp (updated at most once a minute)"),
  createdAt: timestamp.describe("Creation timestamp"),
  allowedIps: z.array(z.string()).optional().describe("Only when set: where the token works from"),
  expiresAt: expiresAtResponse,
  key: z.string().optional().describe("Only returned when creating a token. Full raw token shown once."),
});

export type CreateAccessTokenBody = z.infer<typeof createAccessTokenBody>;
export type AccessToken = z.infer<typeof accessTokenResponse>;
