// Which website (or key, funnel…) a command acts on when the command line does not say: the
// default website, the one a df_ key belongs to, or a choice at the terminal.
import type { Account, Website } from "@keygate/core/contracts";
import type { Context } from "../context";
import { CliError } from "../errors";
import { canPrompt } from "../io";
import { askChoice, type Choice } from "./prompts";

const SET_DEFAULT = "set KEYGATE_WEBSITE, or run `keygate config set-website <id>`";

async function chooseWebsite(ctx: Context, missing: string): Promise<string> {
  if (!canPrompt(ctx.io)) throw CliError.usage(missing);
  const websites = await ctx.api.get<Website[]>("/admin/websites");
  const choices = websites.map((site) => ({ value: site._id, label: site.domain, hint: site.name ?? undefined }));
  return askChoice(ctx.io, "--website", "Which website?", choices);
}

/** For Account API routes, which carry the website in the path. */
export async function websiteForPath(ctx: Context, given?: string): Promise<string> {
  const chosen = given ?? (await ctx.defaultWebsite());
  if (chosen) return chosen;
  const credential = await ctx.credential();
  if (credential.kind === "apiKey") {
    const [account] = await ctx.api.get<Account[]>("/admin/account");
    if (account?.websiteId) return account.websiteId;
  }
  return chooseWebsite(ctx, `Missing <websiteId>: pass it or --website <id>, or ${SET_DEFAULT}`);
}

/** For the Website API: `?websiteId=` with an account token; a df_ key implies its own website. */
export async function websiteForQuery(ctx: Context): Promise<string | undefined> {
  const credential = await ctx.credential();
  if (credential.kind === "apiKey") return ctx.globals.website;
  const chosen = await ctx.defaultWebsite();
  if (chosen) return chosen;
  return chooseWebsite(ctx, `Missing --website: pass --website <id>, or ${SET_DEFAULT}`);
}

/** An id argument that was left out: chosen from a list at the terminal, or exit 2 naming it. */
export async function idOrChoose<T>(
  ctx: Context,
  given: string | undefined,
  options: { flag: string; message: string; load: () => Promise<T[]>; choice: (item: T) => Choice },
): Promise<string> {
  if (given) return given;
  if (!canPrompt(ctx.io)) throw CliError.usage(`Missing ${options.flag}`);
  const items = await options.load();
  return askChoice(ctx.io, options.flag, options.message, items.map(options.choice));
}
