// `filter_*` parameters as SQL conditions on a session row `s` (page, hostname and goal filters
// look at the session's events).
import { countryCodeOf } from "../enrich/countries";
import { normalizeReferrerFilter } from "../enrich/referrer";
import type { Filter } from "../store";
import { containsPattern, type Params } from "./sql";

/** A session's campaign parameters, by their public names. */
export const CAMPAIGN_COLUMNS = {
  utm_source: `s."utmSource"`,
  utm_medium: `s."utmMedium"`,
  utm_campaign: `s."utmCampaign"`,
  utm_term: `s."utmTerm"`,
  utm_content: `s."utmContent"`,
  ref: `s."ref"`,
  source: `s."source"`,
  via: `s."via"`,
} as const;

/** Session columns of the filters that compare one column. */
const SESSION_COLUMNS = {
  country: `s."countryCode"`,
  region: `s."region"`,
  city: `s."city"`,
  device: `s."device"`,
  browser: `s."browser"`,
  os: `s."os"`,
  referrer: `s."referrerName"`,
  entry_page: `s."entryPath"`,
  ...CAMPAIGN_COLUMNS,
} as const;

/** What a user types, as it is stored: country names to codes, referrer names, "Safari" for both Safaris. */
function storedValues(filter: Filter): string[] {
  switch (filter.name) {
    case "country":
      return filter.values.map((value) => countryCodeOf(value) ?? value.toUpperCase());
    case "referrer":
      return filter.values.map(normalizeReferrerFilter);
    case "browser":
      return filter.values.flatMap((value) => (value.toLowerCase() === "safari" ? [value, "Mobile Safari"] : [value]));
    default:
      return filter.values;
  }
}

/** `column` compared with the values, case-insensitively; `is_not` keeps rows where it is empty. */
function compare(column: string, filter: Filter, values: string[], params: Params): string {
  const lowered = values.map((value) => value.toLowerCase());
  switch (filter.op) {
    case "contains":
    case "does_not_contain": {
      const any = `lower(${column}) LIKE ANY(${params.add(lowered.map(containsPattern))})`;
      return filter.op === "contains" ? `coalesce(${any}, false)` : `NOT coalesce(${any}, false)`;
    }
    case "is_not":
      return `NOT coalesce(lower(${column}) = ANY(${params.add(lowered)}), false)`;
    default:
      return `lower(${column}) = ANY(${params.add(lowered)})`;
  }
}

function eventCondition(filter: Filter, params: Params): string {
  const [type, column] =
    filter.name === "goal"
      ? ["custom", `e."name"`]
      : ["pageview", filter.name === "page" ? `e."path"` : `e."hostname"`];
  const positive = filter.op === "is_not" ? "is" : filter.op === "does_not_contain" ? "contains" : filter.op;
  const match = compare(column, { ...filter, op: positive }, filter.values, params);
  const exists = `EXISTS (SELECT 1 FROM "AnalyticsEvent" e WHERE e."sessionId" = s."id" AND e."type" = '${type}' AND ${match})`;
  return positive === filter.op ? exists : `NOT ${exists}`;
}

function visitCountCondition(filter: Filter, params: Params): string {
  const numbers = filter.values.map(Number);
  const operator = { gte: ">=", lte: "<=", is_not: "<>", is: "=" }[filter.op as "gte" | "lte" | "is" | "is_not"];
  if (filter.op === "is") return `s."visitNumber" = ANY(${params.add(numbers)}::int[])`;
  if (filter.op === "is_not") return `s."visitNumber" <> ALL(${params.add(numbers)}::int[])`;
  return `s."visitNumber" ${operator} ${params.add(numbers[0])}::int`;
}

/** The conditions of every filter, ANDed; "TRUE" without filters. */
export function filterSql(filters: readonly Filter[], params: Params): string {
  const parts = filters.map((filter) => {
    if (filter.name === "visit_count") return visitCountCondition(filter, params);
    if (filter.name === "page" || filter.name === "hostname" || filter.name === "goal")
      return eventCondition(filter, params);
    return compare(SESSION_COLUMNS[filter.name], filter, storedValues(filter), params);
  });
  return parts.length > 0 ? parts.join(" AND ") : "TRUE";
}
