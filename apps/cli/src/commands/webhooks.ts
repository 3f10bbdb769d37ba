// websites webhooks list | create | delete | test | deliveries: signed events POSTed to your URLs.
import { createWebhookBody, type Webhook, type WebhookDelivery } from "@keygate/core/contracts";
import type { Command } from "commander";
import type { Context } from "../context";
import type { Io } from "../io";
import { act, commaList } from "../lib/action";
import { path } from "../lib/api";
import { emit, emitSecret, printRecord, printTable, type Row, write } from "../lib/output";
import { askText, confirmOrStop } from "../lib/prompts";
import { idOrChoose, websiteForPath } from "../lib/resolve";
import { defined, parseInput } from "../lib/validate";

const WEBSITE_ARG = "default: --website, KEYGATE_WEBSITE or the config's website";
const WEBHOOK_ARG = "the endpoint's _id (see webhooks list)";
const DELIVERY_COLUMNS = ["_id", "event", "status", "lastStatusCode", "attempts", "createdAt", "lastError"];

const hooksPath = (websiteId: string) => path`/admin/websites/${websiteId}/webhooks`;

const flat = (webhook: Webhook): Row => ({
  _id: webhook._id,
  url: webhook.url,
  events: webhook.events.length === 0 ? "all" : webhook.events.join(","),
  createdAt: webhook.createdAt,
});

function chooseWebhook(ctx: Context, websiteId: string, given: string | undefined) {
  return idOrChoose(ctx, given, {
    flag: "<webhookId>",
    message: "Which endpoint?",
    load: () => ctx.api.get<Webhook[]>(hooksPath(websiteId)),
    choice: (webhook) => ({ value: webhook._id, label: webhook.url, hint: flat(webhook).events as string }),
  });
}

export function registerWebhooks(websites: Command, io: Io): void {
  const webhooks = websites
    .command("webhooks")
    .description("Webhooks: signed key, team and alert events POSTed to your URLs (max 5 per website)");

  webhooks
    .command("list")
    .description("The website's webhook endpoints")
    .argument("[websiteId]", WEBSITE_ARG)
    .action(
      act(io, async (ctx, [given]) => {
        const rows = await ctx.api.get<Webhook[]>(hooksPath(await websiteForPath(ctx, given)));
        emit(ctx, rows, () => printTable(ctx, rows.map(flat)));
      }),
    );

  webhooks
    .command("create")
    .description("Add an endpoint; its signing secret is shown once")
    .argument("[websiteId]", WEBSITE_ARG)
    .option("--url <url>", "where events are POSTed (public http or https)")
    .option("--events <list>", 'only these events, e.g. "api_key.revoked,team.member_removed" (default: all)')
    .option("-q, --quiet", "print the signing secret alone")
    .action(
      act<{ url?: string; events?: string; quiet?: boolean }>(io, async (ctx, [given], options) => {
        const url = options.url ?? (await askText(io, { flag: "--url", message: "Endpoint URL" }));
        const body = parseInput(
          createWebhookBody,
          defined({ url, events: options.events ? commaList(options.events) : undefined }),
        );
        const rows = await ctx.api.data<Webhook[]>("POST", hooksPath(await websiteForPath(ctx, given)), { body });
        const webhook = rows[0] as Webhook;
        const record = Object.fromEntries(Object.entries(flat(webhook)));
        emitSecret(ctx, { quiet: options.quiet, secret: webhook.secret ?? "", record, json: rows });
      }),
    );

  webhooks
    .command("delete")
    .description("Delete an endpoint (its pending deliveries go with it)")
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[webhookId]", WEBHOOK_ARG)
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      act<{ yes?: boolean }>(io, async (ctx, [givenSite, givenHook], options) => {
        const websiteId = await websiteForPath(ctx, givenSite);
        const webhookId = await chooseWebhook(ctx, websiteId, givenHook);
        await confirmOrStop(io, { yes: options.yes, action: `delete webhook ${webhookId}` });
        const rows = await ctx.api.data<{ deleted: true }[]>("DELETE", hooksPath(websiteId) + path`/${webhookId}`);
        emit(ctx, rows, () => write(ctx, `Deleted webhook ${webhookId}.`));
      }),
    );

  webhooks
    .command("test")
    .description("Send a test event (ping) to an endpoint")
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[webhookId]", WEBHOOK_ARG)
    .action(
      act(io, async (ctx, [givenSite, givenHook]) => {
        const websiteId = await websiteForPath(ctx, givenSite);
        const webhookId = await chooseWebhook(ctx, websiteId, givenHook);
        const rows = await ctx.api.data<WebhookDelivery[]>("POST", hooksPath(websiteId) + path`/${webhookId}/test`);
        emit(ctx, rows, () => printRecord(ctx, rows[0] ?? {}));
      }),
    );

  webhooks
    .command("deliveries")
    .description("The latest deliveries to an endpoint, newest first")
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[webhookId]", WEBHOOK_ARG)
    .option("--limit <n>", "how many (1–100, default 50)")
    .action(
      act<{ limit?: string }>(io, async (ctx, [givenSite, givenHook], options) => {
        const websiteId = await websiteForPath(ctx, givenSite);
        const webhookId = await chooseWebhook(ctx, websiteId, givenHook);
        const rows = await ctx.api.get<WebhookDelivery[]>(hooksPath(websiteId) + path`/${webhookId}/deliveries`, {
          limit: options.limit,
        });
        emit(ctx, rows, () => printTable(ctx, rows as unknown as Row[], DELIVERY_COLUMNS));
      }),
    );
}
