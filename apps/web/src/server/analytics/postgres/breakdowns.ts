// Breakdowns: visitors (and the revenue they brought) per value of one dimension, most visitors first.
import type { BreakdownRow, Dimension, Page, ReadQuery } from "../store";
import { CAMPAIGN_COLUMNS } from "./filters";
import { num, Params, rows } from "./sql";
import { paymentsSql, scope, sessionsSql } from "./window";

interface Source {
  /** Output key → SQL expression. */
  keys: Record<string, string>;
  /** Group events of this type (with `e`), rather than sessions. */
  eventType?: "pageview" | "external_link";
  /** Rows to leave out (e.g. sessions without any campaign parameter). */
  where?: string;
}

const SOURCES: Record<Dimension, Source> = {
  pages: { keys: { hostname: `e."hostname"`, path: `e."path"` }, eventType: "pageview" },
  hostnames: { keys: { hostname: `e."hostname"` }, eventType: "pageview" },
  "exit-clicks": { keys: { url: `e."properties"->>'url'` }, eventType: "external_link" },
  referrers: { keys: { referrer: `s."referrerName"` } },
  countries: { keys: { country: `s."countryCode"` } },
  regions: { keys: { region: `s."region"` } },
  cities: { keys: { city: `s."city"`, country: `s."countryCode"` } },
  devices: { keys: { device: `s."device"` } },
  browsers: { keys: { browser: `s."browser"` } },
  "operating-systems": { keys: { operating_system: `s."os"` } },
  campaigns: {
    keys: Object.fromEntries(Object.entries(CAMPAIGN_COLUMNS).map(([key, column]) => [key, `coalesce(${column}, '')`])),
    where: `coalesce(${Object.values(CAMPAIGN_COLUMNS).join(", ")}) IS NOT NULL`,
  },
};

export async function breakdown(
  query: ReadQuery,
  dimension: Dimension,
  limit: number,
  offset: number,
): Promise<Page<BreakdownRow>> {
  const source = SOURCES[dimension];
  const p = new Params();
  const sc = scope(query, p);
  const keys = Object.entries(source.keys).map(([key, sql]) => `${sql} AS "${key}"`);
  const names = Object.keys(source.keys).map((key) => `"${key}"`);
  // Grouped by expression: an output name like "referrer" is also a session column.
  const groups = Object.values(source.keys).join(", ");
  // Per value and visitor first, so a visitor's revenue counts once per value.
  const perVisitor = source.eventType
    ? `SELECT ${keys.join(", ")}, e."visitorId", count(*) AS n FROM "AnalyticsEvent" e
       WHERE e."websiteId" = ${sc.website} AND e."type" = '${source.eventType}'
         AND e."createdAt" BETWEEN ${sc.start} AND ${sc.end}
         ${sc.hasFilters ? `AND e."sessionId" IN (SELECT "id" FROM s)` : ""}
       GROUP BY ${groups}, e."visitorId"`
    : `SELECT ${keys.join(", ")}, s."visitorId", count(*) AS n FROM s
       ${source.where ? `WHERE ${source.where}` : ""}
       GROUP BY ${groups}, s."visitorId"`;
  const result = await rows<Record<string, string | null> & { visitors: string; count: string; total: string }>(
    `WITH s AS (${sessionsSql(sc)}),
          p AS (${paymentsSql(sc)}),
          pv AS (SELECT p."visitorId", sum(p."amount") FILTER (WHERE p.counted) AS "revenue",
                   count(*) FILTER (WHERE p.counted) AS "payments"
                 FROM p WHERE p."visitorId" IS NOT NULL GROUP BY p."visitorId"),
          v AS (${perVisitor})
     SELECT ${names.map((n) => `v.${n}`).join(", ")}, count(*) AS "visitors", sum(v.n) AS "count",
            coalesce(sum(pv."revenue"), 0) AS "revenue", coalesce(sum(pv."payments"), 0) AS "payments",
            count(*) OVER () AS "total"
     FROM v LEFT JOIN pv ON pv."visitorId" = v."visitorId"
     GROUP BY ${names.map((n) => `v.${n}`).join(", ")}
     ORDER BY "visitors" DESC, "count" DESC, ${names.map((n) => `v.${n}`).join(", ")}
     LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
    p,
  );
  const total = result.length > 0 ? num(result[0]?.total) : offset > 0 ? await countValues() : 0;
  return {
    total,
    rows: result.map((row) => ({
      keys: Object.fromEntries(Object.keys(source.keys).map((key) => [key, row[key] ?? null])),
      visitors: num(row.visitors),
      count: num(row.count),
      revenue: num(row.revenue),
      payments: num(row.payments),
    })),
  };

  /** An offset past the last row still reports the total. */
  async function countValues(): Promise<number> {
    return (await breakdown(query, dimension, 1, 0)).total;
  }
}
