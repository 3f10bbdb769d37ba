// Visitors: a search over the window's visitors, newest activity first, and one visitor's record.
import type { ReadQuery } from "../store";
import { num, Params, rows } from "./sql";
import { scope, sessionsSql } from "./window";

export interface VisitorSummary {
  visitorId: string;
  lastSeenAt: Date;
  hostname: string;
  exitPath: string;
  countryCode: string | null;
  region: string | null;
  city: string | null;
  browser: string | null;
  os: string | null;
  device: string;
  referrerName: string;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  ref: string | null;
  source: string | null;
  via: string | null;
}

export async function searchVisitors(
  query: ReadQuery,
  { limit, offset, isCustomer }: { limit: number; offset: number; isCustomer: boolean | null },
): Promise<{ rows: VisitorSummary[]; hasMore: boolean }> {
  const p = new Params();
  const sc = scope(query, p);
  const customer =
    isCustomer === null
      ? "TRUE"
      : `${isCustomer ? "" : "NOT "}EXISTS (SELECT 1 FROM "AnalyticsPayment" p
           WHERE p."websiteId" = s."websiteId" AND p."visitorId" = s."visitorId"
             AND NOT p."refunded" AND NOT p."isFreeTrial" AND p."amount" > 0)`;
  const result = await rows<VisitorSummary>(
    `WITH s AS (${sessionsSql(sc, `s."visitorId", s."endedAt"`)} AND ${customer}),
          v AS (SELECT "visitorId", max("endedAt") AS "lastSeenAt" FROM s GROUP BY "visitorId"
                ORDER BY 2 DESC, 1 LIMIT ${p.add(limit + 1)} OFFSET ${p.add(offset)})
     SELECT v."visitorId", v."lastSeenAt", l."hostname", l."exitPath", l."countryCode", l."region", l."city",
            l."browser", l."os", l."device", f."referrerName", f."utmSource", f."utmMedium", f."utmCampaign",
            f."utmTerm", f."utmContent", f."ref", f."source", f."via"
     FROM v
     JOIN LATERAL (SELECT * FROM "AnalyticsSession" x WHERE x."websiteId" = ${sc.website} AND x."visitorId" = v."visitorId"
                   ORDER BY x."endedAt" DESC LIMIT 1) l ON TRUE
     JOIN LATERAL (SELECT * FROM "AnalyticsSession" x WHERE x."websiteId" = ${sc.website} AND x."visitorId" = v."visitorId"
                   ORDER BY x."startedAt" LIMIT 1) f ON TRUE
     ORDER BY v."lastSeenAt" DESC, v."visitorId"`,
    p,
  );
  return { rows: result.slice(0, limit), hasMore: result.length > limit };
}

export interface SessionRecord {
  id: string;
  startedAt: Date;
  endedAt: Date;
  hostname: string;
  exitPath: string;
  referrerName: string;
  [column: string]: unknown;
}

export interface VisitorEvent {
  id: string;
  type: string;
  name: string | null;
  hostname: string;
  path: string;
  properties: Record<string, unknown> | null;
  origin: string;
  createdAt: Date;
}

export interface VisitorPayment {
  id: string;
  transactionId: string;
  amount: number;
  currency: string;
  renewal: boolean;
  refunded: boolean;
  isFreeTrial: boolean;
  createdAt: Date;
}

/** Everything stored about one visitor on one website (events capped at the newest 1,000). */
export async function visitorRecord(websiteId: string, visitorId: string) {
  const [sessions, events, payments, [profile]] = await Promise.all([
    rows<SessionRecord>(
      `SELECT * FROM "AnalyticsSession" WHERE "websiteId" = $1 AND "visitorId" = $2 ORDER BY "startedAt"`,
      [websiteId, visitorId],
    ),
    rows<VisitorEvent>(
      `SELECT * FROM (SELECT "id", "type", "name", "hostname", "path", "properties", "origin", "createdAt"
         FROM "AnalyticsEvent" WHERE "websiteId" = $1 AND "visitorId" = $2 ORDER BY "createdAt" DESC LIMIT 1000) e
       ORDER BY "createdAt"`,
      [websiteId, visitorId],
    ),
    rows<VisitorPayment & { amount: string }>(
      `SELECT "id", "transactionId", "amount", "currency", "renewal", "refunded", "isFreeTrial", "createdAt"
       FROM "AnalyticsPayment" WHERE "websiteId" = $1 AND "visitorId" = $2 ORDER BY "createdAt"`,
      [websiteId, visitorId],
    ),
    rows<{ userId: string; metadata: Record<string, unknown>; identifiedAt: Date }>(
      `SELECT "userId", "metadata", "identifiedAt" FROM "AnalyticsProfile" WHERE "websiteId" = $1 AND "visitorId" = $2`,
      [websiteId, visitorId],
    ),
  ]);
  return {
    sessions,
    events,
    payments: payments.map((payment) => ({ ...payment, amount: num(payment.amount) })),
    profile: profile ?? null,
  };
}

export async function hasPageview(websiteId: string, visitorId: string): Promise<boolean> {
  const found = await rows(
    `SELECT 1 FROM "AnalyticsSession" WHERE "websiteId" = $1 AND "visitorId" = $2 AND "pageviews" > 0 LIMIT 1`,
    [websiteId, visitorId],
  );
  return found.length > 0;
}
