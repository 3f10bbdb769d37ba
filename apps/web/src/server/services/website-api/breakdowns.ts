// Breakdowns by dimension, goals and goal properties: paged rows, most visitors first.
import type { breakdownQuery, goalPropertiesQuery } from "@keygate/core/contracts";
import type { z } from "zod";
import { type BreakdownRow, type Dimension, analyticsStore as store } from "../../analytics";
import { countryName, flagPath } from "../../analytics/enrich/countries";
import { siteInfo } from "./site";
import { parseFilters, pick, pickFields, readQuery, resolveWindow, round2 } from "./window";

const NUMBERS = ["visitors", "revenue", "payments"] as const;
const CAMPAIGN_KEYS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "ref", "source", "via"];

/** Each dimension's columns, as `fields` may name them, and how a stored row becomes one. */
const SHAPES: Record<Dimension, { fields: readonly string[]; row: (row: BreakdownRow) => Record<string, unknown> }> = {
  pages: { fields: ["hostname", "path", ...NUMBERS, "pageviews"], row: (r) => ({ ...r.keys, pageviews: r.count }) },
  referrers: { fields: ["referrer", ...NUMBERS], row: (r) => r.keys },
  countries: {
    fields: ["country", "countryCode", "image", ...NUMBERS],
    row: ({ keys: { country } }) => ({
      country: country ? countryName(country) : null,
      countryCode: country,
      image: country ? flagPath(country) : null,
    }),
  },
  regions: { fields: ["region", ...NUMBERS], row: (r) => r.keys },
  cities: { fields: ["city", "country", ...NUMBERS], row: (r) => r.keys },
  devices: { fields: ["device", ...NUMBERS], row: (r) => r.keys },
  browsers: { fields: ["browser", ...NUMBERS], row: (r) => r.keys },
  "operating-systems": { fields: ["operating_system", ...NUMBERS], row: (r) => r.keys },
  campaigns: {
    fields: ["campaign", ...CAMPAIGN_KEYS, ...NUMBERS],
    row: (r) => ({ campaign: r.keys, ...r.keys }),
  },
  hostnames: { fields: ["hostname", ...NUMBERS], row: (r) => r.keys },
  "exit-clicks": { fields: ["url", "clicks", "visitors"], row: (r) => ({ ...r.keys, clicks: r.count }) },
};

export async function getBreakdown({
  websiteId,
  dimension,
  query,
}: {
  websiteId: string;
  dimension: Dimension;
  query: z.infer<typeof breakdownQuery>;
}) {
  const shape = SHAPES[dimension];
  const defaults = dimension === "campaigns" ? ["campaign", ...NUMBERS] : shape.fields;
  const fields = query.fields ? pickFields(query.fields, shape.fields) : [...defaults];
  const site = await siteInfo(websiteId);
  const window = resolveWindow(query, site);
  const page = await store.breakdown(
    readQuery(site, window, parseFilters(query)),
    dimension,
    query.limit,
    query.offset,
  );
  // Campaign keys asked one by one narrow the campaign object too.
  const campaignKeys = fields.filter((field) => CAMPAIGN_KEYS.includes(field));
  return {
    data: page.rows.map((row) => {
      const full: Record<string, unknown> = {
        ...shape.row(row),
        visitors: row.visitors,
        revenue: round2(row.revenue),
        payments: row.payments,
      };
      if (dimension === "campaigns" && campaignKeys.length > 0) {
        full.campaign = pick(row.keys, campaignKeys);
        return pick(full, ["campaign", ...fields.filter((field) => !CAMPAIGN_KEYS.includes(field))]);
      }
      return pick(full, fields);
    }),
    pagination: { limit: query.limit, offset: query.offset, total: page.total },
  };
}

const GOAL_FIELDS = ["name", "completions", "visitors"] as const;

export async function getGoals({ websiteId, query }: { websiteId: string; query: z.infer<typeof breakdownQuery> }) {
  const fields = pickFields(query.fields, GOAL_FIELDS).map((field) => (field === "name" ? "goal" : field));
  const site = await siteInfo(websiteId);
  const window = resolveWindow(query, site);
  const page = await store.goals(readQuery(site, window, parseFilters(query)), query.limit, query.offset);
  return {
    data: page.rows.map((row) => pick({ ...row }, fields)),
    pagination: { limit: query.limit, offset: query.offset, total: page.total },
  };
}

export async function getGoalProperties({
  websiteId,
  query,
}: {
  websiteId: string;
  query: z.infer<typeof goalPropertiesQuery>;
}) {
  const site = await siteInfo(websiteId);
  const window = resolveWindow(query, site);
  const propertyName = query.propertyName ?? null;
  const page = await store.goalProperties(
    readQuery(site, window, parseFilters(query)),
    query.eventName,
    propertyName,
    query.limit,
    query.offset,
  );
  return {
    data: page.rows.map((row) =>
      propertyName === null
        ? { property: row.value, completions: row.completions, visitors: row.visitors }
        : { property: propertyName, value: row.value, completions: row.completions, visitors: row.visitors },
    ),
    pagination: { limit: query.limit, offset: query.offset, total: page.total },
  };
}
