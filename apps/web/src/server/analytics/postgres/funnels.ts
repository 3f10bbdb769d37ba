// Funnel analytics: how many visitors reached each step, in order, within the window.
import type { FunnelStepInput, FunnelStepResult, ReadQuery } from "../store";
import { num, Params, rows, wildcardPattern } from "./sql";
import { paymentsSql, scope, sessionsSql } from "./window";

export async function funnel(query: ReadQuery, steps: readonly FunnelStepInput[]): Promise<FunnelStepResult[]> {
  const p = new Params();
  const sc = scope(query, p);
  const match = (step: FunnelStepInput) =>
    step.type === "goal"
      ? `e."type" = 'custom' AND e."name" = ${p.add(step.goalName ?? "")}`
      : `e."type" = 'pageview' AND e."path" LIKE ${p.add(wildcardPattern(step.url ?? ""))}`;
  // Step n: the first time each visitor who reached step n-1 did step n's thing, at or after that.
  const stepCtes = steps.map((step, index) =>
    index === 0
      ? `s1 AS (SELECT e."visitorId", min(e."createdAt") AS t FROM e WHERE ${match(step)} GROUP BY e."visitorId")`
      : `s${index + 1} AS (SELECT e."visitorId", min(e."createdAt") AS t FROM e JOIN s${index} prev
           ON prev."visitorId" = e."visitorId" AND e."createdAt" >= prev.t WHERE ${match(step)} GROUP BY e."visitorId")`,
  );
  const counts = steps.map(
    (_, index) => `SELECT ${index} AS "step", count(*) AS "visitors", coalesce(sum(pv."revenue"), 0) AS "revenue"
       FROM s${index + 1} LEFT JOIN pv ON pv."visitorId" = s${index + 1}."visitorId"`,
  );
  const result = await rows<{ step: number; visitors: string; revenue: string }>(
    `WITH s AS (${sessionsSql(sc, `s."id", s."visitorId"`)}),
          e AS (SELECT e."visitorId", e."type", e."name", e."path", e."createdAt" FROM "AnalyticsEvent" e
                WHERE e."websiteId" = ${sc.website} AND e."createdAt" BETWEEN ${sc.start} AND ${sc.end}
                  AND e."type" IN ('pageview', 'custom')
                  ${sc.hasFilters ? `AND e."sessionId" IN (SELECT "id" FROM s)` : ""}),
          p AS (${paymentsSql(sc)}),
          pv AS (SELECT p."visitorId", sum(p."amount") FILTER (WHERE p.counted) AS "revenue" FROM p GROUP BY p."visitorId"),
          ${stepCtes.join(",\n")}
     ${counts.join("\nUNION ALL\n")}`,
    p,
  );
  const byStep = new Map(result.map((row) => [Number(row.step), row]));
  return steps.map((_, index) => ({
    visitors: num(byStep.get(index)?.visitors),
    revenue: num(byStep.get(index)?.revenue),
  }));
}
