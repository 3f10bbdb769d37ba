// websites apikeys list | create | roll | delete: the website's df_ keys.
import { type ApiKey, createApiKeyBody, rollApiKeyBody } from "@keygate/core/contracts";
import type { Command } from "commander";
import type { Context } from "../context";
import type { Io } from "../io";
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
import { confirmOrStop } from "../lib/prompts";
import { idOrChoose, websiteForPath } from "../lib/resolve";
import { DAYS_FLAG, DAYS_HELP, showUsage, usageQuery } from "../lib/usage";
import { defined, parseInput } from "../lib/validate";

const COLUMNS = ["_id", "name", "displayKey", "lastUsedAt", "createdAt"];

interface CreateKeyOptions extends ExpiryOptions {
  name?: string;
  permissions?: string;
  allowedIps?: string;
  quiet?: boolean;
  idempotencyKey?: string;
}
const WEBSITE_ARG = "default: --website, KEYGATE_WEBSITE or the config's website";

const keysPath = (websiteId: string) => path`/admin/websites/${websiteId}/apikeys`;

function chooseKey(ctx: Context, websiteId: string, given: string | undefined) {
  return idOrChoose(ctx, given, {
    flag: "<apiKeyId>",
    message: "Which key?",
    load: () => ctx.api.get<ApiKey[]>(keysPath(websiteId)),
    choice: (key) => ({ value: key._id, label: key.name ?? "(no name)", hint: key.displayKey }),
  });
}

export function registerApiKeys(websites: Command, io: Io): void {
  const apikeys = websites.command("apikeys").description("Website API keys (df_): one website, member-level access");

  apikeys
    .command("list")
    .description("The website's keys, masked")
    .argument("[websiteId]", WEBSITE_ARG)
    .action(
      act(io, async (ctx, [given]) => {
        const rows = await ctx.api.get<ApiKey[]>(keysPath(await websiteForPath(ctx, given)));
        emit(ctx, rows, () => printTable(ctx, rows, withExpiryColumn(COLUMNS, rows)));
      }),
    );

  apikeys
    .command("create")
    .description("Create a key; the raw df_ key is shown once")
    .argument("[websiteId]", WEBSITE_ARG)
    .option("--name <name>", 'label, e.g. "Production backend"')
    .option("--permissions <list>", 'a restricted key: only these, e.g. "analytics:read" (default: a full key)')
    .option("--allowed-ips <list>", 'addresses or CIDR ranges it works from, e.g. "203.0.113.0/24,2001:db8::/32"')
    .option(EXPIRES_IN_DAYS_FLAG, EXPIRES_IN_DAYS_HELP)
    .option(EXPIRES_AT_FLAG, EXPIRES_AT_HELP)
    .option("-q, --quiet", "print the raw key alone (for KEY=$(…))")
    .option(IDEMPOTENCY_FLAG, IDEMPOTENCY_FLAG_HELP)
    .action(
      act<CreateKeyOptions>(io, async (ctx, [given], options) => {
        const restrictions = {
          permissions: options.permissions ? commaList(options.permissions) : undefined,
          allowedIps: options.allowedIps ? commaList(options.allowedIps) : undefined,
          ...expiryFromFlags(options),
        };
        const body = parseInput(createApiKeyBody, defined({ name: options.name, ...restrictions }), {
          allowedIps: "--allowed-ips",
          expiresAt: options.expiresInDays === undefined ? "--expires-at" : "--expires-in-days",
        });
        const request = { body, idempotencyKey: idempotencyKey(options.idempotencyKey) };
        const websiteId = await websiteForPath(ctx, given);
        const rows = await ctx.api.data<ApiKey[]>("POST", keysPath(websiteId), request);
        const key = rows[0] as ApiKey;
        emitSecret(ctx, { quiet: options.quiet, secret: key.key ?? "", record: key, json: rows });
      }),
    );

  apikeys
    .command("roll")
    .description(
      "Replace a key's secret: same id, new key; the old one stops working at once unless given a grace period",
    )
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[apiKeyId]", "the key's _id (see apikeys list)")
    .option("--expire-old-key-in-minutes <n>", "keep the old key working this long (0–10080; default 0: at once)")
    .option("-y, --yes", "do not ask for confirmation")
    .option("-q, --quiet", "print the new raw key alone")
    .option(IDEMPOTENCY_FLAG, IDEMPOTENCY_FLAG_HELP)
    .action(
      act<{ yes?: boolean; quiet?: boolean; expireOldKeyInMinutes?: string; idempotencyKey?: string }>(
        io,
        async (ctx, [givenSite, givenKey], options) => {
          const given = options.expireOldKeyInMinutes;
          // A number when it reads as one; otherwise the text, which the contract refuses naming the flag.
          const minutes = given !== undefined && /^\d+$/.test(given.trim()) ? Number(given) : given;
          const body = parseInput(rollApiKeyBody, defined({ expireOldKeyInMinutes: minutes }));
          const retrySafe = idempotencyKey(options.idempotencyKey);
          const websiteId = await websiteForPath(ctx, givenSite);
          const apiKeyId = await chooseKey(ctx, websiteId, givenKey);
          const grace = body.expireOldKeyInMinutes ?? 0;
          await confirmOrStop(io, {
            yes: options.yes,
            action: `roll key ${apiKeyId}`,
            consequence:
              grace > 0 ? `The old key keeps working for ${grace} minutes.` : "The old key stops working at once.",
          });
          // No body unless the flag is given: the request stays exactly DataFast's.
          const request = { ...(given === undefined ? {} : { body }), idempotencyKey: retrySafe };
          const rows = await ctx.api.data<ApiKey[]>("PUT", keysPath(websiteId) + path`/${apiKeyId}`, request);
          const key = rows[0] as ApiKey;
          emitSecret(ctx, { quiet: options.quiet, secret: key.key ?? "", record: key, json: rows });
        },
      ),
    );

  apikeys
    .command("delete")
    .description("Revoke a key (it gets 401 at once)")
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[apiKeyId]", "the key's _id (see apikeys list)")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      act<{ yes?: boolean }>(io, async (ctx, [givenSite, givenKey], options) => {
        const websiteId = await websiteForPath(ctx, givenSite);
        const apiKeyId = await chooseKey(ctx, websiteId, givenKey);
        await confirmOrStop(io, {
          yes: options.yes,
          action: `delete key ${apiKeyId}`,
          consequence: "Anything using it gets 401.",
        });
        const rows = await ctx.api.data<{ deleted: true }[]>("DELETE", keysPath(websiteId) + path`/${apiKeyId}`);
        emit(ctx, rows, () => write(ctx, `Deleted key ${apiKeyId}.`));
      }),
    );

  apikeys
    .command("usage")
    .description("A key's requests per day (UTC) by status class, and the last client seen")
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[apiKeyId]", "the key's _id (see apikeys list)")
    .option(DAYS_FLAG, DAYS_HELP)
    .action(
      act<{ days?: string }>(io, async (ctx, [givenSite, givenKey], options) => {
        usageQuery(options.days);
        const websiteId = await websiteForPath(ctx, givenSite);
        const apiKeyId = await chooseKey(ctx, websiteId, givenKey);
        await showUsage(ctx, keysPath(websiteId) + path`/${apiKeyId}/usage`, options.days);
      }),
    );
}
