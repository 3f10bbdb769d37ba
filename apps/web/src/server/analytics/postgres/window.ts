// The filtered sessions of a read (the `s` CTE every query starts from) and the payments counted
// with them.
import type { ReadQuery } from "../store";
import { filterSql } from "./filters";
import type { Params } from "./sql";

export interface Scope {
  website: string;
  start: string;
  end: string;
  /** SQL of the filters on `s`; "TRUE" without filters. */
  filters: string;
  hasFilters: boolean;
}

export function scope(query: ReadQuery, p: Params): Scope {
  return {
    website: p.add(query.websiteId),
    start: p.add(query.start.toISOString()),
    end: p.add(query.end.toISOString()),
    filters: filterSql(query.filters, p),
    hasFilters: query.filters.length > 0,
  };
}

/** Sessions that started in the window and pass the filters. */
export function sessionsSql(sc: Scope, columns = `s.*`): string {
  return `SELECT ${columns} FROM "AnalyticsSession" s
    WHERE s."websiteId" = ${sc.website} AND s."startedAt" BETWEEN ${sc.start} AND ${sc.end} AND ${sc.filters}`;
}

/**
 * "The payment's visitor has a kept session" (`p` in scope): an index lookup per payment, cheaper
 * than hashing every visitor of the window, since payers are few.
 */
export function visitedSql(sc: Scope, extra = ""): string {
  return `${sessionsSql(sc, "1")} AND s."visitorId" = p."visitorId" ${extra}`;
}

/**
 * Payments in the window; with filters, only those of the visitors the filters keep.
 * `counted` = in revenue (not refunded, not a free trial, above zero).
 */
export function paymentsSql(sc: Scope): string {
  return `SELECT p."visitorId", p."createdAt", p."amount", p."renewal", p."refunded",
      (NOT p."refunded" AND NOT p."isFreeTrial" AND p."amount" > 0) AS counted
    FROM "AnalyticsPayment" p
    WHERE p."websiteId" = ${sc.website} AND p."createdAt" BETWEEN ${sc.start} AND ${sc.end}
      ${sc.hasFilters ? `AND EXISTS (${visitedSql(sc)})` : ""}`;
}

/** Revenue and payments of the rows of a payments CTE `p`, as SQL select items. */
export const REVENUE_ITEMS = `
  coalesce(sum(p."amount") FILTER (WHERE p.counted AND NOT p."renewal"), 0) AS "revenueNew",
  coalesce(sum(p."amount") FILTER (WHERE p.counted AND p."renewal"), 0) AS "revenueRenewal",
  coalesce(sum(p."amount") FILTER (WHERE p."refunded"), 0) AS "revenueRefund",
  count(*) FILTER (WHERE p.counted) AS "payments"`;
