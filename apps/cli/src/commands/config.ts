// config show | set-website | clear-website: the stored settings, and what overrides them.
import { objectId } from "@keygate/core/contracts";
import { displayKey } from "@keygate/core/credentials";
import type { Command } from "commander";
import { configPath, updateConfig } from "../config";
import { CliError } from "../errors";
import type { Io } from "../io";
import { act } from "../lib/action";
import { emit, printRecord, write } from "../lib/output";

/** The name of the first place that holds a value, in precedence order. */
function sourceOf(places: [string, unknown][]): string | null {
  return places.find(([, value]) => value !== undefined)?.[0] ?? null;
}

export function registerConfig(program: Command, io: Io): void {
  const config = program.command("config").description("Show or change the stored settings");

  config
    .command("show")
    .description("Print the effective settings and where each comes from (token masked)")
    .action(
      act(io, async (ctx) => {
        const stored = await ctx.config();
        const token = ctx.env.token ?? stored.token;
        const website = ctx.globals.website ?? ctx.env.website ?? stored.website;
        const shown = {
          configPath: configPath(ctx.env.configDir),
          apiUrl: await ctx.apiUrl(),
          apiUrlFrom:
            sourceOf([
              ["--api-url", ctx.globals.apiUrl],
              ["KEYGATE_API_URL", ctx.env.apiUrl],
              ["config", stored.apiUrl],
            ]) ?? "default",
          token: token ? displayKey(token) : null,
          tokenFrom: sourceOf([
            ["KEYGATE_TOKEN", ctx.env.token],
            ["config", stored.token],
          ]),
          website: website ?? null,
          websiteFrom: sourceOf([
            ["--website", ctx.globals.website],
            ["KEYGATE_WEBSITE", ctx.env.website],
            ["config", stored.website],
          ]),
        };
        emit(ctx, shown, () => printRecord(ctx, shown));
      }),
    );

  config
    .command("set-website")
    .description("Make a website the default for commands that need one")
    .argument("<websiteId>", "the website's id (see `keygate websites list`)")
    .action(
      act(io, async (ctx, [websiteId]) => {
        const parsed = objectId.safeParse(websiteId);
        if (!parsed.success) throw CliError.usage(`<websiteId>: ${parsed.error.issues[0]?.message}`);
        await updateConfig(ctx.env.configDir, (stored) => ({ ...stored, website: parsed.data }));
        emit(ctx, { website: parsed.data }, () => write(ctx, `Default website: ${parsed.data}`));
      }),
    );

  config
    .command("clear-website")
    .description("Forget the default website")
    .action(
      act(io, async (ctx) => {
        await updateConfig(ctx.env.configDir, ({ website: _website, ...rest }) => rest);
        emit(ctx, { website: null }, () => write(ctx, "No default website."));
      }),
    );
}
