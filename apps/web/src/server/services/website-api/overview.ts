// Overview and timeseries: the headline numbers, in total or per time bucket.
import { TZDate } from "@date-fns/tz";
import { AppError } from "@keygate/core";
import type { overviewQuery, timeseriesQuery } from "@keygate/core/contracts";
import type { z } from "zod";
import { type Interval, analyticsStore as store, type Totals } from "../../analytics";
import { currencySymbol, siteInfo } from "./site";
import {
  defaultSeriesStart,
  parseFilters,
  percent,
  pick,
  pickFields,
  readQuery,
  resolveWindow,
  round2,
} from "./window";

const OVERVIEW_FIELDS = [
  "visitors",
  "sessions",
  "bounce_rate",
  "avg_session_duration",
  "currency",
  "revenue",
  "payments",
  "revenue_per_visitor",
  "conversion_rate",
] as const;

/** The metrics, as defined in the README: bounce, duration, revenue and conversion. */
function metrics(totals: Totals) {
  const revenue = round2(totals.revenue.new + totals.revenue.renewal);
  return {
    visitors: totals.visitors,
    sessions: totals.sessions,
    bounce_rate: percent(totals.bounces, totals.sessions),
    avg_session_duration: totals.sessions > 0 ? round2(totals.durationMs / totals.sessions) : 0,
    revenue,
    payments: totals.payments,
    revenue_per_visitor: totals.visitors > 0 ? round2(revenue / totals.visitors) : 0,
    conversion_rate: percent(totals.payingVisitors, totals.visitors),
  };
}

export async function getOverview({ websiteId, query }: { websiteId: string; query: z.infer<typeof overviewQuery> }) {
  const fields = pickFields(query.fields, OVERVIEW_FIELDS);
  const site = await siteInfo(websiteId);
  const window = resolveWindow(query, site);
  const totals = await store.totals(readQuery(site, window, parseFilters(query)));
  return pick({ ...metrics(totals), currency: currencySymbol(site.currency) }, fields);
}

const SERIES_FIELDS = ["name", "visitors", "sessions", "revenue", "payments", "conversion_rate"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "17 Dec", "17 Dec 14:00", "Dec 2025" from a wall time `YYYY-MM-DDTHH:MM:SS`. */
function label(local: string, interval: Interval): string {
  const [date = "", time = ""] = local.split("T");
  const [year, month, day] = date.split("-");
  const monthName = MONTHS[Number(month) - 1];
  if (interval === "month") return `${monthName} ${year}`;
  const dayLabel = `${Number(day)} ${monthName}`;
  return interval === "hour" ? `${dayLabel} ${time.slice(0, 5)}` : dayLabel;
}

/** The wall time with its UTC offset: `2026-03-29T00:00:00+01:00`. */
function withOffset(local: string, start: Date): string {
  const minutes = Math.round((Date.parse(`${local}Z`) - start.getTime()) / 60_000);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

function sameLocalDay(a: Date, b: Date, timezone: string): boolean {
  const [x, y] = [new TZDate(a.getTime(), timezone), new TZDate(b.getTime(), timezone)];
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

export async function getTimeseries({
  websiteId,
  query,
}: {
  websiteId: string;
  query: z.infer<typeof timeseriesQuery>;
}) {
  const fields = pickFields(query.fields, SERIES_FIELDS);
  if (query.fields.trim() === "")
    throw AppError.badRequest("fields is required", [{ path: "fields", message: "Required" }]);
  const site = await siteInfo(websiteId);
  const timezone = query.timezone ?? site.timezone;
  const window = resolveWindow(query, site, defaultSeriesStart(query.interval, timezone));
  // A range inside one day is shown by the hour.
  const interval: Interval =
    !window.defaulted && sameLocalDay(window.start, window.end, timezone) ? "hour" : query.interval;
  const read = readQuery(site, window, parseFilters(query));
  const [all, totals] = await Promise.all([store.buckets(read, interval), store.totals(read)]);
  const withRevenue = fields.includes("revenue");
  const row = (totals: Totals) => {
    const m = metrics(totals);
    return {
      ...pick(m, fields),
      ...(withRevenue
        ? {
            payments: m.payments,
            revenueBreakdown: {
              new: round2(totals.revenue.new),
              renewal: round2(totals.revenue.renewal),
              refund: round2(totals.revenue.refund),
            },
          }
        : {}),
    };
  };
  const page = all.slice(query.offset, query.offset + query.limit);
  return {
    fields,
    interval,
    timezone,
    currency: withRevenue ? currencySymbol(site.currency) : null,
    totals: row(totals),
    data: page.map((bucket) => ({
      name: label(bucket.local, interval),
      timestamp: withOffset(bucket.local, bucket.start),
      ...row(bucket),
    })),
    pagination: { limit: query.limit, offset: query.offset, total: all.length },
  };
}
