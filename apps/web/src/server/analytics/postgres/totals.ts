// Overview and timeseries: visitors, sessions, bounces, durations and revenue, in total or per
// time bucket in the query's time zone (date_trunc with a zone is DST-correct).
import type { Bucket, Interval, ReadQuery, Totals } from "../store";
import { num, Params, rows } from "./sql";
import { paymentsSql, REVENUE_ITEMS, scope, sessionsSql, visitedSql } from "./window";

interface TotalsRow {
  visitors: string;
  sessions: string;
  bounces: string;
  durationMs: string;
  revenueNew: string;
  revenueRenewal: string;
  revenueRefund: string;
  payments: string;
  payingVisitors: string;
}

function toTotals(row: TotalsRow | undefined): Totals {
  return {
    visitors: num(row?.visitors),
    sessions: num(row?.sessions),
    bounces: num(row?.bounces),
    durationMs: num(row?.durationMs),
    revenue: { new: num(row?.revenueNew), renewal: num(row?.revenueRenewal), refund: num(row?.revenueRefund) },
    payments: num(row?.payments),
    payingVisitors: num(row?.payingVisitors),
  };
}

// date_part is double precision; extract() would be numeric, several times slower over many rows.
const SESSION_ITEMS = `
  count(DISTINCT s."visitorId") AS "visitors",
  count(*) AS "sessions",
  count(*) FILTER (WHERE s."pageviews" = 1 AND s."events" = 1) AS "bounces",
  coalesce(sum(date_part('epoch', s."endedAt" - s."startedAt") * 1000), 0) AS "durationMs"`;

export async function totals(query: ReadQuery): Promise<Totals> {
  const p = new Params();
  const sc = scope(query, p);
  const [row] = await rows<TotalsRow>(
    `WITH s AS (${sessionsSql(sc, `s."visitorId", s."pageviews", s."events", s."startedAt", s."endedAt"`)}),
          p AS (${paymentsSql(sc)})
     SELECT a.*, b.*, (SELECT count(DISTINCT p."visitorId") FROM p
                       WHERE p.counted AND EXISTS (${visitedSql(sc)})) AS "payingVisitors"
     FROM (SELECT ${SESSION_ITEMS} FROM s) a, (SELECT ${REVENUE_ITEMS} FROM p) b`,
    p,
  );
  return toTotals(row);
}

export async function buckets(query: ReadQuery, interval: Interval): Promise<Bucket[]> {
  const p = new Params();
  const sc = scope(query, p);
  const zone = p.add(query.timezone);
  const unit = p.add(interval);
  const bucketOf = (column: string) => `date_trunc(${unit}, ${column} AT TIME ZONE 'UTC', ${zone})`;
  // Hours are a fixed length; days, weeks and months are stepped in wall time, then made instants.
  const series =
    interval === "hour"
      ? `SELECT b AS "start" FROM generate_series(${bucketOf(`${sc.start}::timestamp`)},
           ${sc.end}::timestamp AT TIME ZONE 'UTC', interval '1 hour') b`
      : `SELECT b AT TIME ZONE ${zone} AS "start" FROM generate_series(
           date_trunc(${unit}, (${sc.start}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE ${zone}),
           (${sc.end}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE ${zone}, ('1 ' || ${unit})::interval) b`;
  const result = await rows<TotalsRow & { local: string; startUtc: string }>(
    `WITH s AS (${sessionsSql(sc, `s."visitorId", s."pageviews", s."events", s."startedAt", s."endedAt", ${bucketOf(`s."startedAt"`)} AS "bucket"`)}),
          p AS (SELECT p.*, ${bucketOf(`p."createdAt"`)} AS "bucket" FROM (${paymentsSql(sc)}) p),
          buckets AS (${series}),
          sa AS (SELECT s."bucket", ${SESSION_ITEMS} FROM s GROUP BY s."bucket"),
          pa AS (SELECT p."bucket", ${REVENUE_ITEMS},
                   count(DISTINCT p."visitorId") FILTER (WHERE p.counted AND EXISTS (
                     ${visitedSql(sc, `AND ${bucketOf(`s."startedAt"`)} = p."bucket"`)})) AS "payingVisitors"
                 FROM p GROUP BY p."bucket")
     SELECT to_char(b."start" AT TIME ZONE ${zone}, 'YYYY-MM-DD"T"HH24:MI:SS') AS "local",
            to_char(b."start" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startUtc",
            sa.*, pa.*
     FROM buckets b LEFT JOIN sa ON sa."bucket" = b."start" LEFT JOIN pa ON pa."bucket" = b."start"
     ORDER BY b."start"`,
    p,
  );
  return result.map((row) => ({
    ...toTotals(row),
    local: row.local,
    start: new Date(row.startUtc),
  }));
}
