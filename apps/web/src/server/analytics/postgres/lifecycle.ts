// Data lifecycle in the store: deleting what a website's retention period no longer keeps, erasing
// one visitor, and reading a period's rows in keyset-ordered batches for an export.
import type { Prisma } from "@keygate/db";
import type { ExportBatch, ExportCursor, RetentionCounts, VisitorErasure } from "../store";
import { num, rows } from "./sql";

/** Rows deleted by one statement (events: about as many): small enough that no statement holds its locks for long. */
export const RETENTION_BATCH = 5000;

/**
 * One batch of retention deletes on one website, everything older than `cutoff`:
 * - sessions whose every event is older (ended before the cutoff, and no later event such as a goal
 *   added afterwards through the API), deleted with their events, so a visit is never half kept and the
 *   session rollup always agrees with its events;
 * - payments made before the cutoff;
 * - profiles identified before the cutoff whose visitor has no session left on the website.
 * Rows are chosen `FOR UPDATE SKIP LOCKED`: two instances running at once delete disjoint batches.
 */
export async function deleteExpiredBatch(websiteId: string, cutoff: Date): Promise<RetentionCounts> {
  const at = cutoff.toISOString();
  // Candidates are locked oldest first; of those, whole visits are taken while the events deleted so
  // far stay under the batch size (at least one visit, however long), so no statement deletes much more.
  const [visits] = await rows<{ sessions: string; events: string }>(
    `WITH c AS (
       SELECT s."id", s."startedAt", s."pageviews" + s."events" AS "n" FROM "AnalyticsSession" s
       WHERE s."websiteId" = $1 AND s."startedAt" < $2 AND s."endedAt" < $2
         AND NOT EXISTS (SELECT 1 FROM "AnalyticsEvent" e WHERE e."sessionId" = s."id" AND e."createdAt" >= $2)
       ORDER BY s."startedAt" LIMIT ${RETENTION_BATCH} FOR UPDATE SKIP LOCKED),
     s AS (SELECT "id" FROM (SELECT "id", "n", sum("n") OVER (ORDER BY "startedAt", "id") AS "running" FROM c) w
           WHERE "running" - "n" < ${RETENTION_BATCH}),
     e AS (DELETE FROM "AnalyticsEvent" WHERE "sessionId" IN (SELECT "id" FROM s) RETURNING 1),
     d AS (DELETE FROM "AnalyticsSession" WHERE "id" IN (SELECT "id" FROM s) RETURNING 1)
     SELECT (SELECT count(*) FROM d) AS "sessions", (SELECT count(*) FROM e) AS "events"`,
    [websiteId, at],
  );
  const [payments] = await rows<{ n: string }>(
    `WITH d AS (DELETE FROM "AnalyticsPayment" WHERE "id" IN (
       SELECT "id" FROM "AnalyticsPayment" WHERE "websiteId" = $1 AND "createdAt" < $2
       LIMIT ${RETENTION_BATCH} FOR UPDATE SKIP LOCKED) RETURNING 1)
     SELECT count(*) AS "n" FROM d`,
    [websiteId, at],
  );
  const [profiles] = await rows<{ n: string }>(
    `WITH d AS (DELETE FROM "AnalyticsProfile" WHERE "id" IN (
       SELECT p."id" FROM "AnalyticsProfile" p
       WHERE p."websiteId" = $1 AND p."identifiedAt" < $2
         AND NOT EXISTS (SELECT 1 FROM "AnalyticsSession" s WHERE s."websiteId" = p."websiteId" AND s."visitorId" = p."visitorId")
       LIMIT ${RETENTION_BATCH} FOR UPDATE SKIP LOCKED) RETURNING 1)
     SELECT count(*) AS "n" FROM d`,
    [websiteId, at],
  );
  return {
    sessions: num(visits?.sessions),
    events: num(visits?.events),
    payments: num(payments?.n),
    profiles: num(profiles?.n),
  };
}

/**
 * Deletes every event, session, payment (attributed to the visitor) and the profile of one visitor on
 * one website, inside the caller's transaction (the service writes the audit event in the same one).
 */
export async function eraseVisitor(
  tx: Prisma.TransactionClient,
  websiteId: string,
  visitorId: string,
): Promise<VisitorErasure> {
  const count = async (table: string) => {
    const [row] = await tx.$queryRawUnsafe<{ n: bigint | number | string }[]>(
      `WITH d AS (DELETE FROM "${table}" WHERE "websiteId" = $1 AND "visitorId" = $2 RETURNING 1) SELECT count(*) AS "n" FROM d`,
      websiteId,
      visitorId,
    );
    return num(row?.n);
  };
  const events = await count("AnalyticsEvent");
  const sessions = await count("AnalyticsSession");
  const payments = await count("AnalyticsPayment");
  const profiles = await count("AnalyticsProfile");
  return { events, sessions, payments, profiles };
}

interface EventExportRow {
  id: string;
  createdAt: Date;
  type: string;
  name: string | null;
  visitorId: string;
  sessionKey: string | null;
  hostname: string;
  path: string;
  query: string | null;
  properties: unknown;
  origin: string;
  referrer: string | null;
  countryCode: string | null;
  region: string | null;
  city: string | null;
  device: string | null;
  browser: string | null;
  os: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
}

interface PaymentExportRow {
  id: string;
  createdAt: Date;
  transactionId: string;
  visitorId: string | null;
  amount: string;
  currency: string;
  renewal: boolean;
  refunded: boolean;
  isFreeTrial: boolean;
  customerId: string | null;
  email: string | null;
  name: string | null;
}

/** The time column comes back as a Date or a string, depending on the driver. */
const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * One batch of a period's events or payments, oldest first, after `cursor` (the last row's time and
 * id): keyset pagination on the (websiteId, createdAt) index, so an export never holds more than one
 * batch in memory and never skips or repeats a row.
 */
export async function exportBatch(input: {
  websiteId: string;
  dataset: "events" | "payments";
  start: Date;
  end: Date;
  cursor: ExportCursor | null;
  limit: number;
}): Promise<ExportBatch> {
  const params: unknown[] = [input.websiteId, input.start.toISOString(), input.end.toISOString(), input.limit];
  const after = (alias: string) => {
    if (!input.cursor) return "";
    params.push(input.cursor.at, input.cursor.id);
    return `AND (${alias}."createdAt", ${alias}."id") > ($5::timestamp, $6)`;
  };
  if (input.dataset === "payments") {
    const found = await rows<PaymentExportRow>(
      `SELECT p."id", p."createdAt", p."transactionId", p."visitorId", p."amount"::text AS "amount", p."currency",
              p."renewal", p."refunded", p."isFreeTrial", p."customerId", p."email", p."name"
       FROM "AnalyticsPayment" p
       WHERE p."websiteId" = $1 AND p."createdAt" BETWEEN $2 AND $3 ${after("p")}
       ORDER BY p."createdAt", p."id" LIMIT $4`,
      params,
    );
    const last = found.at(-1);
    return {
      rows: found.map((p) => ({
        paymentId: p.id,
        timestamp: iso(p.createdAt),
        transactionId: p.transactionId,
        visitorId: p.visitorId,
        amount: Number(p.amount),
        currency: p.currency,
        renewal: p.renewal,
        refunded: p.refunded,
        isFreeTrial: p.isFreeTrial,
        customerId: p.customerId,
        email: p.email,
        name: p.name,
      })),
      cursor: last ? { at: iso(last.createdAt), id: last.id } : null,
    };
  }
  const found = await rows<EventExportRow>(
    `SELECT e."id", e."createdAt", e."type", e."name", e."visitorId", s."sessionKey", e."hostname", e."path", e."query",
            e."properties", e."origin", s."referrer", s."countryCode", s."region", s."city", s."device", s."browser",
            s."os", s."utmSource", s."utmMedium", s."utmCampaign"
     FROM "AnalyticsEvent" e LEFT JOIN "AnalyticsSession" s ON s."id" = e."sessionId"
     WHERE e."websiteId" = $1 AND e."createdAt" BETWEEN $2 AND $3 ${after("e")}
     ORDER BY e."createdAt", e."id" LIMIT $4`,
    params,
  );
  const last = found.at(-1);
  return {
    rows: found.map((e) => ({
      eventId: e.id,
      timestamp: iso(e.createdAt),
      type: e.type,
      name: e.name,
      visitorId: e.visitorId,
      sessionId: e.sessionKey,
      hostname: e.hostname,
      path: e.path,
      query: e.query,
      properties: e.properties === null || e.properties === undefined ? null : JSON.stringify(e.properties),
      origin: e.origin,
      referrer: e.referrer,
      countryCode: e.countryCode,
      region: e.region,
      city: e.city,
      device: e.device,
      browser: e.browser,
      os: e.os,
      utm_source: e.utmSource,
      utm_medium: e.utmMedium,
      utm_campaign: e.utmCampaign,
    })),
    cursor: last ? { at: iso(last.createdAt), id: last.id } : null,
  };
}
