// --period → the API's startAt/endAt. Calendar periods are days (YYYY-MM-DD) counted in the
// website's time zone, both ends included, so `last7d` is today and the six days before it there;
// `last24h` is a sliding window of instants.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { startOfMonth } from "date-fns/startOfMonth";
import { subDays } from "date-fns/subDays";
import { subHours } from "date-fns/subHours";
import { subMonths } from "date-fns/subMonths";

export const PERIODS = ["today", "yesterday", "last24h", "last7d", "last30d", "last90d", "last12m", "all"] as const;
export type Period = (typeof PERIODS)[number];

export interface Range {
  startAt?: string;
  endAt?: string;
}

const day = (date: Date) => format(date, "yyyy-MM-dd");

/** Whether the period needs the website's time zone to be turned into dates. */
export const needsTimezone = (period: Period) => period !== "last24h" && period !== "all";

export function periodRange(period: Period, timezone: string, now: Date = new Date()): Range {
  const today = new TZDate(now.getTime(), timezone);
  switch (period) {
    case "all":
      return {};
    case "last24h":
      return { startAt: subHours(now, 24).toISOString(), endAt: now.toISOString() };
    case "today":
      return { startAt: day(today), endAt: day(today) };
    case "yesterday":
      return { startAt: day(subDays(today, 1)), endAt: day(subDays(today, 1)) };
    case "last7d":
      return { startAt: day(subDays(today, 6)), endAt: day(today) };
    case "last30d":
      return { startAt: day(subDays(today, 29)), endAt: day(today) };
    case "last90d":
      return { startAt: day(subDays(today, 89)), endAt: day(today) };
    case "last12m":
      // This month and the eleven before it, whole months: what a monthly timeseries shows.
      return { startAt: day(startOfMonth(subMonths(today, 11))), endAt: day(today) };
  }
}
