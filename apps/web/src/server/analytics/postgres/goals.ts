// Goal analytics: completions and visitors per custom goal, and per property of one goal.
import type { GoalRow, Page, PropertyRow, ReadQuery } from "../store";
import { num, Params, rows } from "./sql";
import { type Scope, scope, sessionsSql } from "./window";

function goalEvents(sc: Scope, extra = ""): string {
  return `SELECT e.* FROM "AnalyticsEvent" e
    WHERE e."websiteId" = ${sc.website} AND e."type" = 'custom' AND e."createdAt" BETWEEN ${sc.start} AND ${sc.end}
      ${sc.hasFilters ? `AND e."sessionId" IN (SELECT "id" FROM s)` : ""} ${extra}`;
}

type Counted = { value: string; completions: string; visitors: string; total: string };

export async function goals(query: ReadQuery, limit: number, offset: number): Promise<Page<GoalRow>> {
  const p = new Params();
  const sc = scope(query, p);
  const result = await rows<Counted>(
    `WITH s AS (${sessionsSql(sc, `s."id"`)}), g AS (${goalEvents(sc)})
     SELECT g."name" AS "value", count(*) AS "completions", count(DISTINCT g."visitorId") AS "visitors",
            count(*) OVER () AS "total"
     FROM g GROUP BY g."name" ORDER BY "visitors" DESC, "completions" DESC, g."name"
     LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
    p,
  );
  return {
    total: num(result[0]?.total),
    rows: result.map((row) => ({ goal: row.value, completions: num(row.completions), visitors: num(row.visitors) })),
  };
}

/** Without a property: the goal's property names; with one: that property's values. */
export async function goalProperties(
  query: ReadQuery,
  eventName: string,
  propertyName: string | null,
  limit: number,
  offset: number,
): Promise<Page<PropertyRow>> {
  const p = new Params();
  const sc = scope(query, p);
  const events = goalEvents(sc, `AND e."name" = ${p.add(eventName)}`);
  const value =
    propertyName === null
      ? `SELECT k AS "value", g."visitorId" FROM g, jsonb_object_keys(coalesce(g."properties", '{}'::jsonb)) k`
      : `SELECT g."properties"->>${p.add(propertyName)} AS "value", g."visitorId" FROM g
         WHERE g."properties" ? ${p.add(propertyName)}`;
  const result = await rows<Counted>(
    `WITH s AS (${sessionsSql(sc, `s."id"`)}), g AS (${events}), v AS (${value})
     SELECT v."value", count(*) AS "completions", count(DISTINCT v."visitorId") AS "visitors", count(*) OVER () AS "total"
     FROM v GROUP BY v."value" ORDER BY "completions" DESC, v."value"
     LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
    p,
  );
  return {
    total: num(result[0]?.total),
    rows: result.map((row) => ({ value: row.value, completions: num(row.completions), visitors: num(row.visitors) })),
  };
}
