// The dashboard's Overview on the Website API's own services: the same windows, filters and metric
// definitions as GET /analytics/overview, /timeseries and the breakdowns, so the numbers agree.
import {
  breakdownQuery,
  type OverviewDimension,
  type OverviewFilters,
  type OverviewRange,
  overviewQuery,
  timeseriesQuery,
} from "@keygate/core/contracts";
import { analyticsStore as store } from "../../analytics";
import { getBreakdown } from "../website-api/breakdowns";
import { getOverview, getTimeseries } from "../website-api/overview";
import { getRealtime } from "../website-api/realtime";
import { siteInfo } from "../website-api/site";
import { type ResolvedPeriod, resolvePeriod } from "./period";

interface OverviewRead {
  websiteId: string;
  range: OverviewRange;
  filters: OverviewFilters;
}

/** The period and filters as Website API query parameters (`filter_country=is:FR`…). */
async function windowParams({ websiteId, range, filters }: OverviewRead) {
  const site = await siteInfo(websiteId);
  const period = resolvePeriod(range, site.timezone);
  const filterParams = Object.fromEntries(
    Object.entries(filters)
      .filter(([, value]) => value)
      .map(([name, value]) => [`filter_${name}`, `is:${value}`]),
  );
  return { site, period, params: { startAt: period.from, endAt: period.to, ...filterParams } };
}

/** Who the website is, for a reader who may not be signed in: nothing beyond what the page shows. */
export async function overviewSite({ websiteId }: { websiteId: string }) {
  const { id, name, domain, timezone, currency } = await siteInfo(websiteId);
  return { id, name, domain, timezone, currency };
}

export async function overviewSummary(read: OverviewRead) {
  const { period, params } = await windowParams(read);
  const [totals, series] = await Promise.all([
    getOverview({ websiteId: read.websiteId, query: overviewQuery.parse(params) }),
    getTimeseries({
      websiteId: read.websiteId,
      query: timeseriesQuery.parse({ ...params, fields: "visitors,revenue", interval: period.interval, limit: 1000 }),
    }),
  ]);
  return {
    period: period satisfies ResolvedPeriod,
    totals: {
      visitors: totals.visitors ?? 0,
      sessions: totals.sessions ?? 0,
      bounceRate: totals.bounce_rate ?? 0,
      avgSessionDurationMs: totals.avg_session_duration ?? 0,
      revenue: totals.revenue ?? 0,
      conversionRate: totals.conversion_rate ?? 0,
    },
    series: series.data.map((bucket) => ({
      name: bucket.name,
      timestamp: bucket.timestamp,
      visitors: bucket.visitors ?? 0,
      revenue: bucket.revenue ?? 0,
    })),
  };
}

export interface OverviewRow {
  /** Unique within the list. */
  id: string;
  label: string;
  /** The filter value a click applies; null when the row cannot be filtered on (unknown country). */
  filter: string | null;
  visitors: number;
  detail?: string | null;
  image?: string | null;
}

function toRow(dimension: OverviewDimension, row: Record<string, unknown>): OverviewRow {
  const visitors = Number(row.visitors ?? 0);
  const text = (key: string) => (typeof row[key] === "string" ? (row[key] as string) : null);
  switch (dimension) {
    case "pages": {
      const path = text("path") ?? "/";
      return { id: `${text("hostname")}${path}`, label: path, filter: path, detail: text("hostname"), visitors };
    }
    case "referrers": {
      const referrer = text("referrer") ?? "Direct/None";
      return { id: referrer, label: referrer, filter: referrer, visitors };
    }
    case "countries": {
      const code = text("countryCode");
      return {
        id: code ?? "unknown",
        label: text("country") ?? "Unknown",
        filter: code,
        image: text("image"),
        visitors,
      };
    }
    case "devices": {
      const device = text("device");
      const label = device ? device.charAt(0).toUpperCase() + device.slice(1) : "Unknown";
      return { id: device ?? "unknown", label, filter: device, visitors };
    }
  }
}

/** The top rows of one dimension, most visitors first. */
export async function overviewBreakdown({ dimension, ...read }: OverviewRead & { dimension: OverviewDimension }) {
  const { params } = await windowParams(read);
  const page = await getBreakdown({
    websiteId: read.websiteId,
    dimension,
    query: breakdownQuery.parse({ ...params, limit: 10 }),
  });
  const rows = page.data.map((row) => toRow(dimension, row));
  // A page's hostname only tells pages apart when the website is seen on several.
  if (new Set(rows.map((row) => row.detail)).size <= 1) for (const row of rows) row.detail = null;
  return { rows, total: page.pagination.total };
}

export async function overviewRealtime({ websiteId }: { websiteId: string }) {
  return getRealtime({ websiteId });
}

/** What the install panel waits for: the first collected event. */
export async function firstEventReceived({ websiteId }: { websiteId: string }) {
  return { received: await store.hasEvents(websiteId) };
}
