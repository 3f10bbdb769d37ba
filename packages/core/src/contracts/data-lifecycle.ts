// Data lifecycle: a website's retention period (set through the website update), erasing one
// visitor's data, and exporting a period's events or payments as CSV or JSON.
import { z } from "zod";
import { visitorId, windowQuery } from "./website-api";

export const eraseVisitorParams = z.object({ visitorId });

export const erasedVisitorResponse = z.object({
  deleted: z.literal(true),
  visitorId: z.string().describe("The erased visitor id"),
  events: z.number().int().describe("Events deleted (pageviews, goals, clicks)"),
  sessions: z.number().int().describe("Sessions deleted"),
  payments: z.number().int().describe("Payments attributed to the visitor, deleted"),
  profiles: z.number().int().describe("Profiles (identify) deleted: 0 or 1"),
});

/** Longest period one export may cover. */
export const EXPORT_MAX_DAYS = 366;

export const EXPORT_DATASETS = ["events", "payments"] as const;
export const EXPORT_FORMATS = ["csv", "json"] as const;

export const exportQuery = windowQuery.extend({
  startAt: windowQuery.shape.startAt
    .unwrap()
    .describe("Required. Start (inclusive): YYYY-MM-DD in the time zone, or an ISO instant."),
  endAt: windowQuery.shape.endAt
    .unwrap()
    .describe(
      `Required. End (inclusive): YYYY-MM-DD in the time zone, or an ISO instant. At most ${EXPORT_MAX_DAYS} days after startAt.`,
    ),
  format: z
    .enum(EXPORT_FORMATS)
    .default("csv")
    .describe("csv (RFC 4180, a header row; default) or json (the success envelope, `data` = the rows)"),
  dataset: z.enum(EXPORT_DATASETS).default("events").describe("events (default) or payments"),
});

/** The columns of an export, in order: CSV header and JSON keys. */
export const EXPORT_COLUMNS = {
  events: [
    "eventId",
    "timestamp",
    "type",
    "name",
    "visitorId",
    "sessionId",
    "hostname",
    "path",
    "query",
    "properties",
    "origin",
    "referrer",
    "countryCode",
    "region",
    "city",
    "device",
    "browser",
    "os",
    "utm_source",
    "utm_medium",
    "utm_campaign",
  ],
  payments: [
    "paymentId",
    "timestamp",
    "transactionId",
    "visitorId",
    "amount",
    "currency",
    "renewal",
    "refunded",
    "isFreeTrial",
    "customerId",
    "email",
    "name",
  ],
} as const satisfies Record<(typeof EXPORT_DATASETS)[number], readonly string[]>;

export const exportRow = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .describe("One event or payment; keys as listed in the README (Data lifecycle → Export)");

export type ExportQuery = z.infer<typeof exportQuery>;
export type ErasedVisitor = z.infer<typeof erasedVisitorResponse>;
