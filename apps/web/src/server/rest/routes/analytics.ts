// The Website API's analytics reads: GET /analytics/… (website from the credential; analytics:read).
import {
  anyObject,
  breakdownQuery,
  breakdownRow,
  funnelAnalyticsParams,
  funnelAnalyticsQuery,
  goalPropertiesQuery,
  metadataQuery,
  overviewQuery,
  overviewRow,
  pagedRows,
  realtimeQuery,
  timeseriesBody,
  timeseriesQuery,
  websiteOnlyQuery,
} from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { z } from "zod";
import type { Dimension } from "../../analytics";
import { getBreakdown, getGoalProperties, getGoals } from "../../services/website-api/breakdowns";
import { getFunnelAnalytics } from "../../services/website-api/funnels";
import { getOverview, getTimeseries } from "../../services/website-api/overview";
import { getMetadata, getRealtime, getRealtimeMap } from "../../services/website-api/realtime";
import { defineRoute } from "../define";

const tag = "Website API: analytics";
const read = { tag, access: ACTIONS["analytics.read"], websiteFromCredential: true } as const;

const DIMENSIONS: Record<Dimension, string> = {
  pages: "Pages (hostname + path) by visitors, with pageviews",
  referrers: "Referrers, normalized (Google, X, Direct/None) or by domain",
  countries: "Countries (name, ISO code and flag image)",
  regions: "Regions (ISO 3166-2, when a city database is configured)",
  cities: "Cities (when a city database is configured)",
  devices: "Devices: desktop, mobile, tablet",
  browsers: "Browsers, in-app browsers included",
  "operating-systems": "Operating systems",
  campaigns: "Campaigns: UTM parameters and ref/source/via",
  hostnames: "Hostnames",
  "exit-clicks": "Outbound link clicks by URL",
};

const breakdownRoutes = Object.entries(DIMENSIONS).map(([dimension, summary]) =>
  defineRoute({
    ...read,
    method: "get",
    path: `/analytics/${dimension}`,
    summary,
    description: "Paged, most visitors first. All-time without startAt/endAt.",
    query: breakdownQuery,
    response: pagedRows(breakdownRow),
    reply: "spread",
    handler: ({ websiteId, query }) => getBreakdown({ websiteId, dimension: dimension as Dimension, query }),
  }),
);

export const analyticsRoutes = [
  defineRoute({
    ...read,
    method: "get",
    path: "/analytics/overview",
    summary: "Overview",
    description: "Visitors, sessions, bounce rate, session duration, revenue and conversion. All-time without dates.",
    query: overviewQuery,
    response: overviewRow.partial(),
    handler: ({ websiteId, query }) => getOverview({ websiteId, query }),
  }),
  defineRoute({
    ...read,
    method: "get",
    path: "/analytics/timeseries",
    summary: "Timeseries",
    description: "Buckets by hour, day, week (Monday) or month in the time zone; a range within one day is hourly.",
    query: timeseriesQuery,
    response: timeseriesBody,
    reply: "spread",
    handler: ({ websiteId, query }) => getTimeseries({ websiteId, query }),
  }),
  defineRoute({
    ...read,
    method: "get",
    path: "/analytics/realtime",
    summary: "Realtime visitors",
    description: "Visitors with an event in the last 10 minutes.",
    query: realtimeQuery,
    response: z.object({ visitors: z.number().int() }),
    handler: ({ websiteId, query }) => getRealtime({ websiteId, fields: query.fields }),
  }),
  defineRoute({
    ...read,
    method: "get",
    path: "/analytics/realtime/map",
    summary: "Realtime map",
    description: "Active visitors, recent events and payments of the last 10 minutes. `data` is an object.",
    query: websiteOnlyQuery,
    response: anyObject,
    reply: "object",
    handler: ({ websiteId }) => getRealtimeMap({ websiteId }),
  }),
  defineRoute({
    ...read,
    method: "get",
    path: "/analytics/metadata",
    summary: "Website metadata",
    query: metadataQuery,
    response: anyObject,
    handler: ({ websiteId, query }) => getMetadata({ websiteId, fields: query.fields }),
  }),
  ...breakdownRoutes,
  defineRoute({
    ...read,
    method: "get",
    path: "/analytics/goals",
    summary: "Goals",
    description: "Custom goals by visitors: `{goal, completions, visitors}`.",
    query: breakdownQuery,
    response: pagedRows(anyObject),
    reply: "spread",
    handler: ({ websiteId, query }) => getGoals({ websiteId, query }),
  }),
  defineRoute({
    ...read,
    method: "get",
    path: "/analytics/goals/properties",
    summary: "Goal properties",
    description: "Without propertyName: the goal's property names; with it: completions per value.",
    query: goalPropertiesQuery,
    response: pagedRows(anyObject),
    reply: "spread",
    handler: ({ websiteId, query }) => getGoalProperties({ websiteId, query }),
  }),
  defineRoute({
    ...read,
    method: "get",
    path: "/analytics/funnels/{funnelId}",
    summary: "Funnel analytics",
    description: "Visitors per step (in order), drop-off, revenue and conversion. `data` is an object.",
    params: funnelAnalyticsParams,
    query: funnelAnalyticsQuery,
    response: anyObject,
    reply: "object",
    handler: ({ websiteId, params, query }) => getFunnelAnalytics({ websiteId, funnelId: params.funnelId, query }),
  }),
];
