// The flags every Website API read shares (--period/--start/--end, --timezone, --filter,
// --limit/--offset, --fields) and how they become the query string.
import { FILTER_NAMES } from "@keygate/core/contracts";
import { type Command, Option } from "commander";
import type { Context } from "../context";
import { CliError } from "../errors";
import { collect } from "./action";
import type { Query } from "./api";
import { needsTimezone, PERIODS, type Period, periodRange } from "./period";

export interface WindowOptions {
  period?: Period;
  start?: string;
  end?: string;
  timezone?: string;
  filter?: string[];
}

export interface PageOptions {
  limit?: string;
  offset?: string;
}

export function windowFlags(command: Command, { filters = true } = {}): Command {
  command
    .addOption(new Option("--period <period>", "a preset range, in the website's time zone").choices(PERIODS))
    .option("--start <date>", "start: YYYY-MM-DD (in the time zone) or an ISO instant; with --end")
    .option("--end <date>", "end (inclusive): YYYY-MM-DD or an ISO instant; with --start")
    .option("--timezone <zone>", "IANA time zone for dates and buckets (default: the website's)");
  if (filters)
    command.option("--filter <name=[op:]value>", "repeatable, e.g. country=US, page=contains:/docs", collect);
  return command;
}

export function pageFlags(command: Command, max = 1000): Command {
  return command.option("--limit <n>", `rows per page, 1–${max}`).option("--offset <n>", "rows to skip");
}

export function fieldsFlag(command: Command, help = "comma-separated columns (default: all)"): Command {
  return command.option("--fields <list>", help);
}

/** `country=US` → `filter_country=US`; the name must be one the API knows. */
export function filterQuery(filters: string[] = [], prefix = "filter_"): Query {
  const query: Query = {};
  for (const filter of filters) {
    const at = filter.indexOf("=");
    const name = (at > 0 ? filter.slice(0, at) : "").trim().replace(/^filter_/, "");
    if (at <= 0 || !(FILTER_NAMES as readonly string[]).includes(name)) {
      throw CliError.usage(`--filter "${filter}": expected name=value with a name among ${FILTER_NAMES.join(", ")}`);
    }
    query[`${prefix}${name}`] = filter.slice(at + 1);
  }
  return query;
}

async function websiteTimezone(ctx: Context, websiteId: string | undefined): Promise<string> {
  const [row] = await ctx.api.get<{ timezone?: string }[]>("/analytics/metadata", { websiteId, fields: "timezone" });
  if (!row?.timezone) throw new CliError("The API did not say the website's time zone; pass --timezone", 1);
  return row.timezone;
}

/** startAt/endAt/timezone for the query; a period is turned into dates in the website's time zone. */
export async function windowQuery(ctx: Context, websiteId: string | undefined, options: WindowOptions): Promise<Query> {
  if (options.period && (options.start || options.end)) {
    throw CliError.usage("Give --period or --start/--end, not both");
  }
  if (Boolean(options.start) !== Boolean(options.end)) throw CliError.usage("--start and --end go together");
  let range = { startAt: options.start, endAt: options.end };
  if (options.period) {
    const zone = needsTimezone(options.period) ? (options.timezone ?? (await websiteTimezone(ctx, websiteId))) : "UTC";
    range = { startAt: undefined, endAt: undefined, ...periodRange(options.period, zone) };
  }
  return { websiteId, ...range, timezone: options.timezone, ...filterQuery(options.filter) };
}

export function pageQuery(options: PageOptions): Query {
  return { limit: options.limit, offset: options.offset };
}
