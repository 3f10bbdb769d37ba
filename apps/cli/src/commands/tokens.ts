// tokens list | create | delete: the account's dft_ tokens.
import { type AccessToken, createAccessTokenBody, type Website } from "@keygate/core/contracts";
import { GRANTS } from "@keygate/core/policy";
import type { Command } from "commander";
import type { Context } from "../context";
import { canPrompt, type Io } from "../io";
import { act, commaList } from "../lib/action";
import { IDEMPOTENCY_FLAG, IDEMPOTENCY_FLAG_HELP, idempotencyKey, path } from "../lib/api";
import {
  EXPIRES_AT_FLAG,
  EXPIRES_AT_HELP,
  EXPIRES_IN_DAYS_FLAG,
  EXPIRES_IN_DAYS_HELP,
  type ExpiryOptions,
  expiryFromFlags,
  withExpiryColumn,
} from "../lib/expiry";
import { emit, emitSecret, printTable, write } from "../lib/output";
import { askMany, askText, confirmOrStop } from "../lib/prompts";
import { idOrChoose } from "../lib/resolve";
import { DAYS_FLAG, DAYS_HELP, showUsage, usageQuery } from "../lib/usage";
import { defined, parseInput } from "../lib/validate";

const COLUMNS = ["_id", "name", "displayKey", "permissions", "websiteIds", "lastUsedAt", "createdAt"];

interface CreateOptions extends ExpiryOptions {
  name?: string;
  permissions?: string;
  websites?: string;
  quiet?: boolean;
  idempotencyKey?: string;
  allowedIps?: string;
}

/** With no flags at a terminal: name, permissions and website scope are asked, as DataFast's CLI does. */
async function askScope(ctx: Context) {
  const name = await askText(ctx.io, { flag: "--name", message: "Token name", placeholder: "CI deploys" });
  const picked = await askMany(
    ctx.io,
    "--permissions",
    "Permissions (none picked = all, *)",
    GRANTS.filter((grant) => grant !== "*").map((grant) => ({ value: grant, label: grant })),
  );
  const websites = await ctx.api.get<Website[]>("/admin/websites");
  const scope = await askMany(
    ctx.io,
    "--websites",
    "Limit to websites (none picked = all your websites)",
    websites.map((site) => ({ value: site._id, label: site.domain, hint: site._id })),
  );
  return { name, permissions: picked.length > 0 ? picked : ["*"], websiteIds: scope };
}

export function registerTokens(program: Command, io: Io): void {
  const tokens = program
    .command("tokens")
    .description("Account tokens (dft_): your permissions, on some or all websites");

  tokens
    .command("list")
    .description("Your tokens, masked")
    .action(
      act(io, async (ctx) => {
        const rows = await ctx.api.get<AccessToken[]>("/admin/access-tokens");
        emit(ctx, rows, () => printTable(ctx, rows, withExpiryColumn(COLUMNS, rows)));
      }),
    );

  tokens
    .command("create")
    .description("Create a token; the raw dft_ token is shown once")
    .option("--name <name>", 'label, e.g. "AI agent"')
    .option("--permissions <list>", 'comma-separated, e.g. "analytics:read,websites:read", or "*" (default)')
    .option("--websites <ids>", "comma-separated website ids (default: all your websites)")
    .option("--allowed-ips <list>", 'addresses or CIDR ranges it works from, e.g. "203.0.113.0/24"')
    .option(EXPIRES_IN_DAYS_FLAG, EXPIRES_IN_DAYS_HELP)
    .option(EXPIRES_AT_FLAG, EXPIRES_AT_HELP)
    .option("-q, --quiet", "print the raw token alone (for TOKEN=$(…))")
    .option(IDEMPOTENCY_FLAG, IDEMPOTENCY_FLAG_HELP)
    .action(
      act<CreateOptions>(io, async (ctx, _args, options) => {
        const retrySafe = idempotencyKey(options.idempotencyKey);
        const expiry = expiryFromFlags(options);
        const noFlags = options.name === undefined && !options.permissions && !options.websites;
        const input =
          noFlags && canPrompt(io)
            ? await askScope(ctx)
            : {
                name: options.name ?? (await askText(io, { flag: "--name", message: "Token name" })),
                permissions: options.permissions ? commaList(options.permissions) : undefined,
                websiteIds: options.websites ? commaList(options.websites) : undefined,
              };
        const allowedIps = options.allowedIps ? commaList(options.allowedIps) : undefined;
        const body = parseInput(createAccessTokenBody, defined({ ...input, allowedIps, ...expiry }), {
          websiteIds: "--websites",
          allowedIps: "--allowed-ips",
          expiresAt: options.expiresInDays === undefined ? "--expires-at" : "--expires-in-days",
        });
        const rows = await ctx.api.data<AccessToken[]>("POST", "/admin/access-tokens", {
          body,
          idempotencyKey: retrySafe,
        });
        const token = rows[0] as AccessToken;
        emitSecret(ctx, { quiet: options.quiet, secret: token.key ?? "", record: token, json: rows });
      }),
    );

  tokens
    .command("delete")
    .description("Revoke one of your tokens (it gets 401 at once)")
    .argument("[tokenId]", "the token's _id (see tokens list)")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      act<{ yes?: boolean }>(io, async (ctx, [given], options) => {
        const tokenId = await idOrChoose(ctx, given, {
          flag: "<tokenId>",
          message: "Which token?",
          load: () => ctx.api.get<AccessToken[]>("/admin/access-tokens"),
          choice: (token) => ({ value: token._id, label: token.name ?? "(no name)", hint: token.displayKey }),
        });
        await confirmOrStop(io, {
          yes: options.yes,
          action: `delete token ${tokenId}`,
          consequence: "Anything using it gets 401.",
        });
        const rows = await ctx.api.data<{ message: string }[]>("DELETE", path`/admin/access-tokens/${tokenId}`);
        emit(ctx, rows, () => write(ctx, rows[0]?.message ?? `Deleted token ${tokenId}.`));
      }),
    );

  tokens
    .command("usage")
    .description("One of your tokens' requests per day (UTC) by status class, and the last client seen")
    .argument("[tokenId]", "the token's _id (see tokens list)")
    .option(DAYS_FLAG, DAYS_HELP)
    .action(
      act<{ days?: string }>(io, async (ctx, [given], options) => {
        usageQuery(options.days);
        const tokenId = await idOrChoose(ctx, given, {
          flag: "<tokenId>",
          message: "Which token?",
          load: () => ctx.api.get<AccessToken[]>("/admin/access-tokens"),
          choice: (token) => ({ value: token._id, label: token.name ?? "(no name)", hint: token.displayKey }),
        });
        await showUsage(ctx, path`/admin/access-tokens/${tokenId}/usage`, options.days);
      }),
    );
}
