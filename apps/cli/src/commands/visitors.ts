// visitors list | get | erase: who visited, with their identity, acquisition and timeline; and
// erasing one visitor's data on request.
import type { visitorsBody } from "@keygate/core/contracts";
import type { Command } from "commander";
import type { z } from "zod";
import { CliError } from "../errors";
import type { Io } from "../io";
import { act, collect } from "../lib/action";
import { path } from "../lib/api";
import { emit, printObject, printTable, type Row, write } from "../lib/output";
import { confirmOrStop } from "../lib/prompts";
import { websiteForQuery } from "../lib/resolve";
import { type PageOptions, pageFlags, pageQuery, type WindowOptions, windowFlags, windowQuery } from "../lib/window";

type VisitorsBody = z.infer<typeof visitorsBody>;

/** `/visitors` takes plain names (`country=US`, `visitedPage=/pricing`, `isCustomer=true`), not filter_. */
function visitorFilters(filters: string[] = []): Record<string, string> {
  const query: Record<string, string> = {};
  for (const filter of filters) {
    const at = filter.indexOf("=");
    if (at <= 0) throw CliError.usage(`--filter "${filter}": expected name=value, e.g. country=US or isCustomer=true`);
    query[filter.slice(0, at).trim()] = filter.slice(at + 1);
  }
  return query;
}

export function registerVisitors(program: Command, io: Io): void {
  const visitors = program.command("visitors").description("Visitors of a website (Website API)");

  const list = visitors.command("list").description("Visitors, most recent first (--json: whole body)");
  pageFlags(windowFlags(list, { filters: false }), 250)
    .option(
      "--filter <name=value>",
      "repeatable: country, visitedPage, pageContains, completedGoal, isCustomer…",
      collect,
    )
    .action(
      act<WindowOptions & PageOptions & { filter?: string[] }>(io, async (ctx, _args, options) => {
        const websiteId = await websiteForQuery(ctx);
        const query = {
          ...(await windowQuery(ctx, websiteId, { ...options, filter: undefined })),
          ...pageQuery(options),
          ...visitorFilters(options.filter),
        };
        const body = await ctx.api.body<VisitorsBody>("GET", "/visitors", { query });
        emit(ctx, body, () => {
          printTable(
            ctx,
            body.data.map((visitor) => ({
              visitorId: visitor.visitorId,
              lastSeenAt: visitor.lastSeenAt,
              country: visitor.identity.country,
              device: visitor.identity.device,
              browser: visitor.identity.browser,
              referrer: visitor.acquisition.referrer,
              currentUrl: visitor.currentUrl,
            })),
          );
          if (body.pagination.hasMore) write(ctx, "More visitors: use --offset and --limit.");
        });
      }),
    );

  visitors
    .command("get")
    .description("One visitor: identity, acquisition, activity, profile")
    .argument("<visitorId>", "the visitor's id (UUID)")
    .action(
      act(io, async (ctx, [visitorId]) => {
        const websiteId = await websiteForQuery(ctx);
        const data = await ctx.api.get<Row>(path`/visitors/${visitorId ?? ""}`, { websiteId });
        emit(ctx, data, () => printObject(ctx, data));
      }),
    );

  visitors
    .command("erase")
    .description("Delete a visitor's events, sessions, payments and profile on the website (audited)")
    .argument("<visitorId>", "the visitor's id (UUID)")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      act<{ yes?: boolean }>(io, async (ctx, [visitorId], options) => {
        const websiteId = await websiteForQuery(ctx);
        await confirmOrStop(io, {
          yes: options.yes,
          action: `erase visitor ${visitorId}`,
          consequence: "Their data on this website is deleted for good.",
        });
        const rows = await ctx.api.data<Row[]>("DELETE", path`/visitors/${visitorId ?? ""}`, {
          query: { websiteId },
        });
        const erased = rows[0] ?? {};
        emit(ctx, rows, () =>
          write(
            ctx,
            `Erased visitor ${visitorId}: ${erased.events} events, ${erased.sessions} sessions, ${erased.payments} payments, ${erased.profiles} profile.`,
          ),
        );
      }),
    );
}
