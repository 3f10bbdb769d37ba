// Turns a request's dates, time zone and filter parameters into a store query, in the website's
// time zone unless the caller names another.
import { TZDate } from "@date-fns/tz";
import { AppError } from "@keygate/core";
import { FILTER_NAMES, type FilterName } from "@keygate/core/contracts";
import type { Filter, FilterOperator, Interval, ReadQuery } from "../../analytics";
import type { SiteInfo } from "./site";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIDNIGHT_UTC = /^(\d{4}-\d{2}-\d{2})T00:00(:00(\.0+)?)?Z$/i;
const DAY_END_UTC = /^(\d{4}-\d{2}-\d{2})T23:59(:59(\.9+)?)?Z$/i;
const OPERATORS: readonly FilterOperator[] = ["is", "is_not", "contains", "does_not_contain", "gte", "lte"];

export interface WindowParams {
  startAt?: string;
  endAt?: string;
  timezone?: string;
}

function wallTime(date: string, timezone: string, endOfDay: boolean): Date {
  const [, y, m, d] = DATE.exec(date) as RegExpExecArray;
  const local = endOfDay
    ? new TZDate(Number(y), Number(m) - 1, Number(d), 23, 59, 59, 999, timezone)
    : new TZDate(Number(y), Number(m) - 1, Number(d), 0, 0, 0, 0, timezone);
  return new Date(local.getTime());
}

export interface Window {
  start: Date;
  end: Date;
  timezone: string;
  /** True when the caller gave no dates. */
  defaulted: boolean;
}

/**
 * startAt and endAt come together (400 otherwise), as calendar days in the time zone or instants;
 * a whole UTC day given as instants (00:00Z → 23:59Z) counts as those calendar days.
 */
export function resolveWindow(params: WindowParams, site: SiteInfo, fallbackStart = new Date(0)): Window {
  const timezone = params.timezone ?? site.timezone;
  if ((params.startAt === undefined) !== (params.endAt === undefined)) {
    throw AppError.badRequest("startAt and endAt must be given together", [
      { path: params.startAt === undefined ? "startAt" : "endAt", message: "Required with the other bound" },
    ]);
  }
  if (params.startAt === undefined || params.endAt === undefined) {
    return { start: fallbackStart, end: new Date(), timezone, defaulted: true };
  }
  let [startAt, endAt] = [params.startAt, params.endAt];
  const startDay = MIDNIGHT_UTC.exec(startAt)?.[1];
  const endDay = DAY_END_UTC.exec(endAt)?.[1];
  if (startDay && endDay) [startAt, endAt] = [startDay, endDay];
  const start = DATE.test(startAt) ? wallTime(startAt, timezone, false) : new Date(startAt);
  const end = DATE.test(endAt) ? wallTime(endAt, timezone, true) : new Date(endAt);
  if (start > end)
    throw AppError.badRequest("startAt must not be after endAt", [{ path: "startAt", message: "After endAt" }]);
  return { start, end, timezone, defaulted: false };
}

/** Timeseries without dates: the last 24 hours, 30 days or 12 months, by interval. */
export function defaultSeriesStart(interval: Interval, timezone: string, now = new Date()): Date {
  if (interval === "hour") return new Date(now.getTime() - 24 * 3_600_000);
  const local = new TZDate(now.getTime(), timezone);
  const start =
    interval === "month"
      ? new TZDate(local.getFullYear(), local.getMonth() - 11, 1, timezone)
      : new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - 29, timezone);
  return new Date(start.getTime());
}

function parseFilter(name: FilterName, raw: string): Filter {
  const path = `filter_${name}`;
  const match = /^([a-z_]+):(.*)$/s.exec(raw);
  const op =
    match && (OPERATORS as readonly string[]).includes(match[1] as string) ? (match[1] as FilterOperator) : "is";
  const rest = op === "is" && !raw.startsWith("is:") ? raw : (match?.[2] ?? "");
  const values = rest
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);
  const fail = (message: string) => AppError.badRequest(`Invalid ${path}`, [{ path, message }]);
  if (values.length === 0) throw fail("Give at least one value, e.g. is:value");
  if (values.length > 50) throw fail("At most 50 values");
  if (name === "visit_count") {
    if (op === "contains" || op === "does_not_contain") throw fail("Use is, is_not, gte or lte");
    if (!values.every((value) => /^\d{1,6}$/.test(value))) throw fail("Values must be whole numbers");
    if ((op === "gte" || op === "lte") && values.length > 1) throw fail(`${op} takes one value`);
  } else if (op === "gte" || op === "lte") {
    throw fail("gte and lte apply to filter_visit_count only");
  }
  return { name, op, values };
}

/** Every `filter_*` parameter present, parsed. */
export function parseFilters(query: Partial<Record<string, unknown>>): Filter[] {
  return FILTER_NAMES.flatMap((name) => {
    const raw = query[`filter_${name}`];
    return typeof raw === "string" && raw !== "" ? [parseFilter(name, raw)] : [];
  });
}

export function readQuery(site: SiteInfo, window: Window, filters: Filter[]): ReadQuery {
  return { websiteId: site.id, start: window.start, end: window.end, timezone: window.timezone, filters };
}

/** `fields=a,b` checked against the route's columns; every column when absent. */
export function pickFields<T extends string>(raw: string | undefined, allowed: readonly T[]): T[] {
  if (raw === undefined || raw.trim() === "") return [...allowed];
  const asked = raw
    .split(",")
    .map((field) => field.trim())
    .filter(Boolean);
  const unknown = asked.filter((field) => !(allowed as readonly string[]).includes(field));
  if (unknown.length > 0) {
    throw AppError.badRequest(`Invalid fields: ${unknown.join(", ")}`, [
      { path: "fields", message: `Valid fields: ${allowed.join(", ")}` },
    ]);
  }
  return [...new Set(asked)] as T[];
}

export function pick<T extends Record<string, unknown>>(row: T, fields: readonly string[]): Partial<T> {
  return Object.fromEntries(fields.filter((field) => field in row).map((field) => [field, row[field]])) as Partial<T>;
}

export const round2 = (value: number) => Math.round(value * 100) / 100;
export const percent = (part: number, whole: number) => (whole > 0 ? round2((part / whole) * 100) : 0);
