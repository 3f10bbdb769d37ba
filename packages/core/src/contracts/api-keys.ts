// Website API keys (`df_`): request bodies, path params and the key object.
import { z } from "zod";
import { WEBSITE_KEY_PERMISSIONS } from "../policy/permissions";
import { objectId, optionalName, timestamp } from "./common";
import { expiresAt, expiresAtResponse } from "./expiry";
import { isIpOrCidr } from "./websites";

export const websiteParams = z.object({ websiteId: objectId.describe("Website ObjectId (`_id` from List websites)") });
export const apiKeyParams = websiteParams.extend({ apiKeyId: objectId.describe("Website API key ObjectId") });

/** A website-key permission: what a restricted key may be limited to. */
export const websiteKeyPermission = z
  .enum([...WEBSITE_KEY_PERMISSIONS] as [string, ...string[]])
  .describe("A permission a website key can hold, such as `analytics:read`");

/** IPv4/IPv6 addresses and CIDR ranges a credential may be used from; absent: anywhere. */
export const allowedIps = z
  .array(z.string().trim().refine(isIpOrCidr, { message: "Must be an IP address or CIDR range" }))
  .min(1, "Give at least one address or range, or leave allowedIps out")
  .max(50, "At most 50 addresses or ranges")
  .describe(
    'Addresses and CIDR ranges (IPv4 or IPv6) the credential works from, e.g. ["203.0.113.0/24", "2001:db8::/32"]; ' +
      "a request from elsewhere gets 403. Leave out for anywhere. Set at creation; a roll keeps it.",
  );

export const createApiKeyBody = z
  .object({
    name: optionalName,
    permissions: z
      .array(websiteKeyPermission)
      .min(1, "Give at least one permission, or leave permissions out")
      .max(32)
      .optional()
      .describe(
        'A restricted key: only these permissions (e.g. ["analytics:read"]). Leave out for a full key ' +
          "(member level on its website, as always). A restricted key creates or rolls only keys within its own.",
      ),
    allowedIps: allowedIps.optional(),
    expiresAt: expiresAt.optional(),
  })
  .strict();

/** A week: the longest an old key value may keep working after a roll. */
export const MAX_ROLL_GRACE_MINUTES = 10_080;

export const rollApiKeyBody = z
  .object({
    expireOldKeyInMinutes: z
      .number()
      .int()
      .min(0)
      .max(MAX_ROLL_GRACE_MINUTES)
      .optional()
      .describe(
        "Minutes the old key value keeps working after the roll (0 to 10080). Default 0: refused at once. " +
          "A roll during a grace window replaces the value still in it: only one old value works at a time.",
      ),
  })
  .strict();

export const apiKeyResponse = z.object({
  _id: objectId.describe("Website API key ObjectId"),
  name: z.string().nullable().describe("Label for the key"),
  displayKey: z.string().describe("Masked key shown in the dashboard, e.g. df_ab12...xyz9"),
  websiteId: objectId.describe("The website the key is scoped to"),
  lastUsedAt: timestamp.nullable().describe("Last usage timestamp (updated at most once a minute)"),
  createdAt: timestamp.describe("Creation timestamp"),
  permissions: z.array(z.string()).optional().describe("Only for a restricted key: the permissions it is limited to"),
  allowedIps: z.array(z.string()).optional().describe("Only when set: where the key works from"),
  createdByKeyId: objectId.optional().describe("Only for a key created by another website key: that key's _id"),
  expiresAt: expiresAtResponse,
  key: z.string().optional().describe("Only returned when creating or rolling a key. Full raw key shown once."),
});

export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;
export type RollApiKeyBody = z.infer<typeof rollApiKeyBody>;
export type ApiKey = z.infer<typeof apiKeyResponse>;
