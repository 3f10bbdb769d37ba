// Website API keys (`df_`): request bodies, path params and the key object.
import { z } from "zod";
import { objectId, optionalName, timestamp } from "./common";

export const websiteParams = z.object({ websiteId: objectId.describe("Website ObjectId (`_id` from List websites)") });
export const apiKeyParams = websiteParams.extend({ apiKeyId: objectId.describe("Website API key ObjectId") });

export const createApiKeyBody = z.object({ name: optionalName }).strict();

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
  key: z.string().optional().describe("Only returned when creating or rolling a key. Full raw key shown once."),
});

export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;
export type RollApiKeyBody = z.infer<typeof rollApiKeyBody>;
export type ApiKey = z.infer<typeof apiKeyResponse>;
