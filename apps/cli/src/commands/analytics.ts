// analytics <report>: the Website API's reads, as tables or (--json) as the API answered.
import type { overviewRow, timeseriesBody } from "@keygate/core/contracts";
import { type Command, Option } from "commander";
import type { z } from "zod";
import type { Context } from "../context";
import type { Io } from "../io";
import { act } from "../lib/action";
import { path } from "../lib/api";
import { cell, emit, flatten, printObject, printRecord, printTable, type Row, write } from "../lib/output";
import { websiteForQuery } from "../lib/resolve";
import {
  fieldsFlag,
  type PageOptions,
  pageFlags,
  pageQuery,
  type WindowOptions,
  windowFlags,
  windowQuery,
} from "../lib/window";

type Options = WindowOptions & PageOptions & { fields?: string; interval?: string; event?: string; property?: string };
type Paged = { data: Row[]; pagination: { limit: number; offset: number; total: number } };

export const BREAKDOWNS = [
  "pages",
  "referrers",
  "countries",
  "regions",
  "cities",
  "devices",
  "browsers",
  "operating-systems",
  "campaigns",
  "hostnames",
  "exit-clicks",
  "goals",
] as const;

/** The realtime map's lists carry dozens of fields for the dashboard's globe; a terminal shows these. */
const MAP_COLUMNS = {
  visitors: ["visitorId", "location.countryCode", "system.device.type", "currentUrl", "referrer", "sessionStartTime"],
  recentEvents: ["timestamp", "type", "path", "country", "referrer"],
};

const TIMESERIES_FIELDS = "visitors,sessions,revenue,payments,conversion_rate";

/** Breakdown rows carry `image` (flag URLs) that only a browser can show. */
const withoutImages = (rows: Row[]) => rows.map(({ image: _image, ...rest }) => rest);

export function printPaged(ctx: Context, body: Paged): void {
  printTable(ctx, withoutImages(body.data));
  const { offset, total } = body.pagination;
  if (total > body.data.length) {
    write(ctx, `Rows ${offset + 1}–${offset + body.data.length} of ${total} (use --offset and --limit for more).`);
  }
}

function report(parent: Command, name: string, description: string): Command {
  return parent.command(name).description(description);
}

export function registerAnalytics(program: Command, io: Io): void {
  const analytics = program
    .command("analytics")
    .description("Website API reads; the website is --website (dft_) or the df_ key's own");

  const overview = report(analytics, "overview", "Visitors, sessions, bounce rate, duration, revenue, conversion");
  fieldsFlag(windowFlags(overview)).action(
    act<Options>(io, async (ctx, _args, options) => {
      const websiteId = await websiteForQuery(ctx);
      const query = { ...(await windowQuery(ctx, websiteId, options)), fields: options.fields };
      const rows = await ctx.api.get<Partial<z.infer<typeof overviewRow>>[]>("/analytics/overview", query);
      emit(ctx, rows, () => printRecord(ctx, rows[0] ?? {}));
    }),
  );

  const timeseries = report(analytics, "timeseries", "Buckets by hour, day, week or month (whole body with --json)");
  pageFlags(fieldsFlag(windowFlags(timeseries), `comma-separated (default ${TIMESERIES_FIELDS})`))
    .addOption(
      new Option("--interval <interval>", "bucket size").choices(["hour", "day", "week", "month"]).default("day"),
    )
    .action(
      act<Options>(io, async (ctx, _args, options) => {
        const websiteId = await websiteForQuery(ctx);
        const query = {
          ...(await windowQuery(ctx, websiteId, options)),
          ...pageQuery(options),
          fields: options.fields ?? TIMESERIES_FIELDS,
          interval: options.interval,
        };
        const body = await ctx.api.body<z.infer<typeof timeseriesBody>>("GET", "/analytics/timeseries", { query });
        emit(ctx, body, () => {
          printTable(
            ctx,
            body.data.map(({ timestamp: _timestamp, ...rest }) => rest),
          );
          const totals = Object.entries(flatten(body.totals)).map(([key, value]) => `${key} ${cell(value)}`);
          write(ctx, `Totals: ${totals.join(", ")}`);
        });
      }),
    );

  fieldsFlag(report(analytics, "realtime", "Visitors in the last 10 minutes")).action(
    act<Options>(io, async (ctx, _args, options) => {
      const websiteId = await websiteForQuery(ctx);
      const rows = await ctx.api.get<Row[]>("/analytics/realtime", { websiteId, fields: options.fields });
      emit(ctx, rows, () => printRecord(ctx, rows[0] ?? {}));
    }),
  );

  report(analytics, "realtime-map", "Active visitors, recent events and payments (data is an object)").action(
    act(io, async (ctx) => {
      const websiteId = await websiteForQuery(ctx);
      const data = await ctx.api.get<Row>("/analytics/realtime/map", { websiteId });
      emit(ctx, data, () => printObject(ctx, data, MAP_COLUMNS));
    }),
  );

  fieldsFlag(report(analytics, "metadata", "Domain, time zone, currency, name…")).action(
    act<Options>(io, async (ctx, _args, options) => {
      const websiteId = await websiteForQuery(ctx);
      const rows = await ctx.api.get<Row[]>("/analytics/metadata", { websiteId, fields: options.fields });
      emit(ctx, rows, () => printRecord(ctx, rows[0] ?? {}));
    }),
  );

  for (const dimension of BREAKDOWNS) {
    const command = report(analytics, dimension, `Breakdown by ${dimension}, most visitors first (--json: whole body)`);
    pageFlags(fieldsFlag(windowFlags(command))).action(
      act<Options>(io, async (ctx, _args, options) => {
        const websiteId = await websiteForQuery(ctx);
        const query = {
          ...(await windowQuery(ctx, websiteId, options)),
          ...pageQuery(options),
          fields: options.fields,
        };
        const body = await ctx.api.body<Paged>("GET", `/analytics/${dimension}`, { query });
        emit(ctx, body, () => printPaged(ctx, body));
      }),
    );
  }

  const properties = report(analytics, "goal-properties", "A custom goal's property names, or completions per value");
  pageFlags(windowFlags(properties))
    .requiredOption("--event <goalName>", "the goal's exact name")
    .option("--property <name>", "compare completions by this property's values")
    .action(
      act<Options>(io, async (ctx, _args, options) => {
        const websiteId = await websiteForQuery(ctx);
        const query = {
          ...(await windowQuery(ctx, websiteId, options)),
          ...pageQuery(options),
          eventName: options.event,
          propertyName: options.property,
        };
        const body = await ctx.api.body<Paged>("GET", "/analytics/goals/properties", { query });
        emit(ctx, body, () => printPaged(ctx, body));
      }),
    );

  windowFlags(report(analytics, "funnel", "A funnel's visitors per step, drop-off and conversion"))
    .argument("<funnelId>", "the funnel's _id (see funnels list)")
    .action(
      act<Options>(io, async (ctx, [funnelId], options) => {
        const websiteId = await websiteForQuery(ctx);
        const data = await ctx.api.get<Row>(
          path`/analytics/funnels/${funnelId ?? ""}`,
          await windowQuery(ctx, websiteId, options),
        );
        emit(ctx, data, () => printObject(ctx, data));
      }),
    );
}
