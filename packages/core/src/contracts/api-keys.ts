// Website API keys (`df_`): request bodies, path params and the key object.
import { z } from "zod";
import { objectId, optionalName, timestamp } from "./common";

export const websiteParams = z.object({ websiteId: objectId.describe("Website ObjectId (`_id` from List websites)") });
export const apiKeyParams = websiteParams.extend({ apiKeyId: objectId.describe("Website API key ObjectId") });

export const createApiKeyBody = z.object({ name: optionalName }).strict();

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
export type ApiKey = z.infer<typeof apiKeyResponse>;
