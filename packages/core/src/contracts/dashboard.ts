// The dashboard's Overview: the period a reader picked (in the website's time zone) and the filters
// they added by clicking rows.
import { z } from "zod";
import { objectId } from "./common";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .refine((value) => DAY.test(value) && !Number.isNaN(Date.parse(value)), { message: "Must be a date (YYYY-MM-DD)" });

export const OVERVIEW_PERIODS = ["today", "7d", "30d", "90d", "custom"] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];

export const overviewRange = z
  .object({
    period: z.enum(OVERVIEW_PERIODS).describe("Today, the last 7/30/90 days (today included), or custom"),
    from: day.optional().describe("Custom: first day, in the website's time zone"),
    to: day.optional().describe("Custom: last day (included), in the website's time zone"),
  })
  .refine((range) => range.period !== "custom" || (range.from !== undefined && range.to !== undefined), {
    message: "Pick both days of a custom period",
    path: ["from"],
  })
  .refine((range) => range.period !== "custom" || (range.from as string) <= (range.to as string), {
    message: "The first day must not be after the last",
    path: ["from"],
  });

/** The Overview's filters: one value each, applied as the Website API's `filter_*` with `is`. */
export const OVERVIEW_FILTERS = ["country", "page", "referrer", "device"] as const;
export type OverviewFilter = (typeof OVERVIEW_FILTERS)[number];

const filterValue = z.string().trim().min(1).max(500);
export const overviewFilters = z
  .object({
    country: filterValue.optional().describe("ISO country code"),
    page: filterValue.optional().describe("Path"),
    referrer: filterValue.optional().describe("Referrer name, e.g. Google or Direct/None"),
    device: filterValue.optional().describe("desktop, mobile or tablet"),
  })
  .strict();

export const overviewInput = z.object({
  websiteId: objectId,
  range: overviewRange,
  filters: overviewFilters.default({}),
});

export const OVERVIEW_DIMENSIONS = ["pages", "referrers", "countries", "devices"] as const;
export type OverviewDimension = (typeof OVERVIEW_DIMENSIONS)[number];

export const overviewBreakdownInput = overviewInput.extend({ dimension: z.enum(OVERVIEW_DIMENSIONS) });

export type OverviewRange = z.infer<typeof overviewRange>;
export type OverviewFilters = z.infer<typeof overviewFilters>;
