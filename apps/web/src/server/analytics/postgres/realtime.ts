// Realtime: who has been active in the last few minutes, and what they did.
import { num, rows } from "./sql";

export interface RealtimeVisitor {
  visitorId: string;
  countryCode: string | null;
  region: string | null;
  city: string | null;
  browser: string | null;
  os: string | null;
  device: string;
  exitPath: string;
  referrerName: string;
  startedAt: Date;
  visitNumber: number;
  params: Record<string, string | null>;
  profile: { userId: string; metadata: Record<string, unknown> } | null;
  isCustomer: boolean;
  customerName: string | null;
  customerEmail: string | null;
}

export interface RealtimeEvent {
  id: string;
  type: string;
  name: string | null;
  visitorId: string;
  createdAt: Date;
  path: string;
  countryCode: string | null;
  properties: Record<string, unknown> | null;
  referrerName: string;
}

export interface RealtimePayment {
  id: string;
  createdAt: Date;
  name: string | null;
  email: string | null;
  amount: number;
  currency: string;
  renewal: boolean;
  visitorId: string | null;
}

const since = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export async function activeVisitors(websiteId: string, minutes: number): Promise<number> {
  const [row] = await rows<{ visitors: string }>(
    `SELECT count(DISTINCT "visitorId") AS "visitors" FROM "AnalyticsEvent" WHERE "websiteId" = $1 AND "createdAt" >= $2`,
    [websiteId, since(minutes)],
  );
  return num(row?.visitors);
}

export async function realtimeMap(websiteId: string, minutes: number, limit: number) {
  const from = since(minutes);
  // Sessions can last long, but an active one started within the last day (sessions end after 30 idle minutes).
  const [visitors, events, payments] = await Promise.all([
    rows<RealtimeVisitor & { utmSource: string | null }>(
      `SELECT DISTINCT ON (s."visitorId") s.*, s."exitPath",
              jsonb_build_object('ref', s."ref", 'source', s."source", 'via', s."via", 'utm_source', s."utmSource",
                'utm_medium', s."utmMedium", 'utm_campaign', s."utmCampaign", 'utm_content', s."utmContent",
                'utm_term', s."utmTerm") AS "params",
              CASE WHEN pr."id" IS NULL THEN NULL ELSE jsonb_build_object('userId', pr."userId", 'metadata', pr."metadata") END AS "profile",
              pay."visitorId" IS NOT NULL AS "isCustomer", pay."name" AS "customerName", pay."email" AS "customerEmail"
       FROM "AnalyticsSession" s
       LEFT JOIN "AnalyticsProfile" pr ON pr."websiteId" = s."websiteId" AND pr."visitorId" = s."visitorId"
       LEFT JOIN LATERAL (SELECT p."visitorId", p."name", p."email" FROM "AnalyticsPayment" p
                          WHERE p."websiteId" = s."websiteId" AND p."visitorId" = s."visitorId"
                            AND NOT p."refunded" AND NOT p."isFreeTrial" AND p."amount" > 0
                          ORDER BY p."createdAt" DESC LIMIT 1) pay ON TRUE
       WHERE s."websiteId" = $1 AND s."startedAt" >= $3 AND s."endedAt" >= $2
       ORDER BY s."visitorId", s."endedAt" DESC LIMIT $4`,
      [websiteId, from, since(24 * 60), limit],
    ),
    rows<RealtimeEvent>(
      `SELECT e."id", e."type", e."name", e."visitorId", e."createdAt", e."path", e."properties",
              s."countryCode", s."referrerName"
       FROM "AnalyticsEvent" e JOIN "AnalyticsSession" s ON s."id" = e."sessionId"
       WHERE e."websiteId" = $1 AND e."createdAt" >= $2 ORDER BY e."createdAt" DESC LIMIT 50`,
      [websiteId, from],
    ),
    rows<RealtimePayment & { amount: string }>(
      `SELECT "id", "createdAt", "name", "email", "amount", "currency", "renewal", "visitorId"
       FROM "AnalyticsPayment" WHERE "websiteId" = $1 AND "createdAt" >= $2 AND NOT "refunded"
       ORDER BY "createdAt" DESC LIMIT 20`,
      [websiteId, from],
    ),
  ]);
  return {
    visitors: visitors as RealtimeVisitor[],
    events,
    payments: payments.map((payment) => ({ ...payment, amount: num(payment.amount) })),
  };
}
