// Visitors: the search over a window and one visitor's whole record.
import { AppError } from "@keygate/core";
import type { visitorsQuery } from "@keygate/core/contracts";
import type { z } from "zod";
import { type Filter, analyticsStore as store } from "../../analytics";
import { countryName } from "../../analytics/enrich/countries";
import { siteInfo } from "./site";
import { readQuery, resolveWindow } from "./window";

type VisitorsQuery = z.infer<typeof visitorsQuery>;

/** The search's plain parameters (`country=US,FR`, `visitedPage=/a`) as the filters analytics reads use. */
function searchFilters(query: VisitorsQuery): Filter[] {
  const lists: [string | undefined, Filter["name"], Filter["op"]][] = [
    [query.visitedPage ?? query.page, "page", "is"],
    [query.visitedPageContains ?? query.pageContains, "page", "contains"],
    [query.completedGoal ?? query.goal, "goal", "is"],
    [query.country, "country", "is"],
    [query.region, "region", "is"],
    [query.city, "city", "is"],
    [query.browser, "browser", "is"],
    [query.os, "os", "is"],
    [query.device, "device", "is"],
    [query.referrer, "referrer", "is"],
    [query.hostname, "hostname", "is"],
    [query.utm_source, "utm_source", "is"],
    [query.utm_medium, "utm_medium", "is"],
    [query.utm_campaign, "utm_campaign", "is"],
    [query.utm_term, "utm_term", "is"],
    [query.utm_content, "utm_content", "is"],
    [query.ref, "ref", "is"],
    [query.source, "source", "is"],
    [query.via, "via", "is"],
  ];
  return lists.flatMap(([raw, name, op]) => {
    if (raw === undefined) return [];
    const values = raw
      .split(",")
      .map((value) => value.trim())
      .filter(Boolean);
    if (values.length > 50) throw AppError.badRequest(`At most 50 values for ${name}`);
    return values.length > 0 ? [{ name, op, values }] : [];
  });
}

export async function listVisitors({ websiteId, query }: { websiteId: string; query: VisitorsQuery }) {
  const customer = query.isCustomer ?? query.hasRevenue;
  if (customer !== undefined && (query.completedGoal ?? query.goal)) {
    throw AppError.badRequest("completedGoal cannot be combined with isCustomer or hasRevenue");
  }
  const site = await siteInfo(websiteId);
  const window = resolveWindow(query, site);
  const result = await store.searchVisitors(readQuery(site, window, searchFilters(query)), {
    limit: query.limit,
    offset: query.offset,
    isCustomer: customer === undefined ? null : customer === "true",
  });
  return {
    data: result.rows.map((row) => ({
      visitorId: row.visitorId,
      lastSeenAt: row.lastSeenAt.toISOString(),
      currentUrl: `${row.hostname}${row.exitPath}`,
      identity: {
        country: row.countryCode ? countryName(row.countryCode) : null,
        region: row.region,
        city: row.city,
        browser: row.browser,
        os: row.os,
        device: row.device,
      },
      acquisition: {
        referrer: row.referrerName,
        utm_source: row.utmSource,
        utm_medium: row.utmMedium,
        utm_campaign: row.utmCampaign,
        utm_term: row.utmTerm,
        utm_content: row.utmContent,
        ref: row.ref,
        source: row.source,
        via: row.via,
      },
    })),
    pagination: { offset: query.offset, limit: query.limit, hasMore: result.hasMore },
  };
}

const AUTO_GOALS = new Set(["payment", "free_trial"]);

export async function getVisitor({ websiteId, visitorId }: { websiteId: string; visitorId: string }) {
  const record = await store.visitorRecord(websiteId, visitorId);
  const first = record.sessions[0];
  const last = record.sessions.at(-1);
  const pageviews = record.events.filter((event) => event.type === "pageview");
  if (!first || !last || pageviews.length === 0) throw AppError.notFound("Visitor has no pageviews on this website");
  const now = Date.now();
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const goals = record.events
    .filter((event) => event.type === "custom")
    .map((event) => ({
      name: event.name,
      description: text(event.properties?.description),
      timestamp: event.createdAt.toISOString(),
      isServer: event.origin === "api",
      origin: "manual",
      metadata: event.properties ?? {},
    }));
  const paymentGoals = record.payments.map((payment) => ({
    name: payment.isFreeTrial ? "free_trial" : "payment",
    description: null,
    timestamp: payment.createdAt.toISOString(),
    isServer: true,
    origin: "payment_provider",
    metadata: {},
  }));
  const timeline = [...goals, ...paymentGoals].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return {
    visitorId,
    identity: {
      country: first.countryCode ? countryName(String(first.countryCode)) : null,
      countryCode: first.countryCode ?? null,
      region: first.region ?? null,
      city: first.city ?? null,
      params: {
        ref: first.ref ?? null,
        source: first.source ?? null,
        via: first.via ?? null,
        utm_source: first.utmSource ?? null,
        utm_medium: first.utmMedium ?? null,
        utm_campaign: first.utmCampaign ?? null,
        utm_term: first.utmTerm ?? null,
        utm_content: first.utmContent ?? null,
      },
      referrer: first.referrerName,
      adClickIds: first.adClickIds ?? {},
      browser: { name: last.browser ?? null, version: last.browserVersion ?? null },
      os: { name: last.os ?? null, version: last.osVersion ?? null },
      device: { type: last.device ?? null, vendor: last.deviceVendor ?? null, model: last.deviceModel ?? null },
      viewport: { width: last.viewportWidth ?? null, height: last.viewportHeight ?? null },
    },
    activity: {
      visitCount: record.sessions.length,
      pageViewCount: pageviews.length,
      timeSinceFirstVisit: now - first.startedAt.getTime(),
      timeSinceCurrentVisit: now - last.startedAt.getTime(),
      firstVisitAt: first.startedAt.toISOString(),
      lastVisitAt: last.endedAt.toISOString(),
      currentUrl: `${last.hostname}${last.exitPath}`,
      visitedPages: pageviews.map((event) => ({
        url: `${event.hostname}${event.path}`,
        timestamp: event.createdAt.toISOString(),
      })),
      completedGoals: timeline,
      completedCustomGoals: goals.filter((goal) => !AUTO_GOALS.has(goal.name ?? "")),
    },
    profile: record.profile
      ? {
          userId: record.profile.userId,
          metadata: record.profile.metadata,
          identifiedAt: record.profile.identifiedAt.toISOString(),
        }
      : null,
    payments: record.payments.map((payment) => ({
      transactionId: payment.transactionId,
      amount: payment.amount,
      currency: payment.currency,
      renewal: payment.renewal,
      refunded: payment.refunded,
      isFreeTrial: payment.isFreeTrial,
      timestamp: payment.createdAt.toISOString(),
    })),
    prediction: null,
  };
}
