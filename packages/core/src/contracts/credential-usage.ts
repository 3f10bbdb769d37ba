// Usage of a website key or an account token: requests answered per UTC day and status class, and
// the last client seen (GET …/apikeys/{apiKeyId}/usage, GET /admin/access-tokens/{tokenId}/usage).
import { z } from "zod";
import { timestamp } from "./common";

/** The longest window a usage read covers. */
export const MAX_USAGE_DAYS = 90;

export const credentialUsageQuery = z
  .object({
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_USAGE_DAYS)
      .default(30)
      .describe(`Days to return, today (UTC) included, 1–${MAX_USAGE_DAYS} (default 30)`),
  })
  .strict();

const count = z.number().int().min(0);

export const usageDay = z.object({
  date: z.string().describe("UTC day, YYYY-MM-DD"),
  "2xx": count.describe("Successful answers (1xx and 2xx)"),
  "3xx": count.describe("Redirects"),
  "4xx": count.describe("Refused: invalid input, missing permission, not found, rate limited…"),
  "5xx": count.describe("Server faults and database unavailability"),
});

export const lastSeen = z
  .object({
    at: timestamp.describe("When the credential was last used (within the flush interval, about 5 s)"),
    ip: z.string().nullable().describe("The client address of that request (TRUST_PROXY applies)"),
    userAgent: z.string().nullable().describe("Its User-Agent header, cut at 512 characters"),
  })
  .nullable();

/** `{"status":"success","data":[day, …],"lastSeen":{…}|null}`: every day of the window, oldest first, zeros included. */
export const credentialUsageBody = z.object({
  data: z.array(usageDay),
  lastSeen: lastSeen.describe("The last request seen, whenever it was; null if the credential was never used"),
});

export type CredentialUsageQuery = z.infer<typeof credentialUsageQuery>;
export type UsageDay = z.infer<typeof usageDay>;
export type CredentialUsage = z.infer<typeof credentialUsageBody>;
