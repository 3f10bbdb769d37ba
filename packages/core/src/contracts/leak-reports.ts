// Leak reports from secret-scanning partners (GitHub's format): what they send and what we answer.
import { z } from "zod";

/** The most matches one report may carry; a larger report is a 400 (the body limit bounds it too). */
export const MAX_LEAK_REPORT_ITEMS = 500;

export const leakReportItem = z.object({
  token: z.string().min(1).max(1000).describe("The string the scanner found"),
  type: z.string().min(1).max(200).describe("The scanner's name for the pattern that matched"),
  url: z.string().max(2000).optional().describe("Where it was found"),
  source: z.string().max(200).optional().describe("What kind of place it was found in, e.g. content, commit, npm"),
});

export const leakReportBody = z
  .array(leakReportItem)
  .min(1)
  .max(MAX_LEAK_REPORT_ITEMS)
  .describe(`One to ${MAX_LEAK_REPORT_ITEMS} matches, signed as sent`);

export const leakReportLabel = z.object({
  token_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("SHA-256 of the reported token, lowercase hex (the token itself is never sent back)"),
  token_type: z.string().describe("The reported type, as received"),
  label: z
    .enum(["true_positive", "false_positive"])
    .describe(
      "`true_positive`: a key or token Keygate issued (revoked now, or already revoked); `false_positive`: not one of ours",
    ),
});

/** A leak event as staff see it in the admin console. */
export const leakEvent = z.object({
  _id: z.string(),
  kind: z.enum(["apiKey", "accessToken"]),
  credentialId: z.string(),
  displayKey: z.string(),
  websiteId: z.string().nullable(),
  userId: z.string().nullable(),
  outcome: z.enum(["revoked", "grace_ended", "already_revoked"]),
  url: z.string().nullable(),
  source: z.string().nullable(),
  tokenType: z.string(),
  reporter: z.string(),
  notifiedAt: z.string().nullable(),
  createdAt: z.string(),
});

export type LeakReportItem = z.infer<typeof leakReportItem>;
export type LeakReportLabel = z.infer<typeof leakReportLabel>;
export type LeakEvent = z.infer<typeof leakEvent>;
