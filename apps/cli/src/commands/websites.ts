// websites list | get | create | update (and the apikeys and team groups beneath it).
import {
  type createdWebsiteResponse,
  createWebsiteBody,
  updateWebsiteBody,
  type Website,
  type WebsiteSettings,
} from "@keygate/core/contracts";
import type { Command } from "commander";
import type { z } from "zod";
import { CliError } from "../errors";
import { canPrompt, type Io } from "../io";
import { act, commaList } from "../lib/action";
import { path } from "../lib/api";
import { emit, note, printRecord, printTable } from "../lib/output";
import { askText } from "../lib/prompts";
import { websiteForPath } from "../lib/resolve";
import { defined, parseInput } from "../lib/validate";
import { registerApiKeys } from "./api-keys";
import { registerTeam } from "./team";
import { registerWebhooks } from "./webhooks";

interface CreateOptions {
  domain?: string;
  timezone?: string;
  name?: string;
}

interface UpdateOptions {
  name?: string;
  domain?: string;
  timezone?: string;
  currency?: string;
  excludedIps?: string;
  excludedPaths?: string;
  excludedCountries?: string;
  excludedHostnames?: string;
  allowedHostnames?: string;
  publicDashboard?: string;
  retentionDays?: string;
}

const LIST_FLAGS = ["excludedIps", "excludedPaths", "excludedCountries", "excludedHostnames", "allowedHostnames"];

/** `--retention-days 90`, or `forever` (null); the server checks the range. */
function retentionFlag(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value.trim().toLowerCase() === "forever") return null;
  if (!/^\d+$/.test(value.trim())) throw CliError.usage(`--retention-days "${value}": a number of days, or forever`);
  return Number(value);
}

function booleanFlag(flag: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "true" || value === "false") return value === "true";
  throw CliError.usage(`${flag} must be true or false`);
}

export function registerWebsites(program: Command, io: Io): void {
  const websites = program.command("websites").description("Websites, their API keys and their team");

  websites
    .command("list")
    .description("Websites you can see (GET /admin/websites)")
    .action(
      act(io, async (ctx) => {
        const rows = await ctx.api.get<Website[]>("/admin/websites");
        emit(ctx, rows, () => printTable(ctx, rows, ["_id", "domain", "name", "timezone", "currency", "role"]));
      }),
    );

  websites
    .command("get")
    .description("A website's settings (GET /admin/websites/{websiteId})")
    .argument("[websiteId]", "default: --website, KEYGATE_WEBSITE or the config's website")
    .action(
      act(io, async (ctx, [given]) => {
        const websiteId = await websiteForPath(ctx, given);
        const rows = await ctx.api.get<WebsiteSettings[]>(path`/admin/websites/${websiteId}`);
        emit(ctx, rows, () => printRecord(ctx, rows[0] ?? {}));
      }),
    );

  websites
    .command("create")
    .description("Add a website (POST /admin/websites)")
    .option("--domain <domain>", "e.g. example.com")
    .option("--timezone <zone>", "IANA time zone, e.g. Europe/Paris")
    .option("--name <name>", "label shown in the dashboard")
    .action(
      act<CreateOptions>(io, async (ctx, _args, options) => {
        const asked = !options.domain && canPrompt(io);
        const domain =
          options.domain ?? (await askText(io, { flag: "--domain", message: "Domain", placeholder: "example.com" }));
        const timezone =
          options.timezone ??
          (await askText(io, {
            flag: "--timezone",
            message: "Time zone",
            initialValue: Intl.DateTimeFormat().resolvedOptions().timeZone,
          }));
        const name =
          options.name ??
          (asked ? await askText(io, { flag: "--name", message: "Name (optional)", optional: true }) : undefined);
        const body = parseInput(createWebsiteBody, defined({ domain, timezone, name: name || undefined }));
        const rows = await ctx.api.data<z.infer<typeof createdWebsiteResponse>[]>("POST", "/admin/websites", { body });
        const [created] = rows;
        emit(ctx, rows, () => printRecord(ctx, created ?? {}));
        if (created && !ctx.json) {
          const src = `${await ctx.apiUrl()}/js/script.js`;
          note(
            ctx,
            `Tracking snippet:\n<script defer data-website-id="${created.trackingId}" data-domain="${created.domain}" src="${src}"></script>`,
          );
        }
      }),
    );

  websites
    .command("update")
    .description("Change a website's settings (PUT /admin/websites/{websiteId}); lists are comma-separated, '' clears")
    .argument("[websiteId]", "default: --website, KEYGATE_WEBSITE or the config's website")
    .option("--name <name>")
    .option("--domain <domain>")
    .option("--timezone <zone>")
    .option("--currency <code>", "ISO 4217, e.g. EUR")
    .option("--excluded-ips <list>", "IPs or CIDR ranges not tracked")
    .option("--excluded-paths <list>", "paths not tracked, e.g. /admin/*")
    .option("--excluded-countries <list>", "ISO country codes not tracked")
    .option("--excluded-hostnames <list>", "hostnames not tracked")
    .option("--allowed-hostnames <list>", "other hostnames that may send events")
    .option("--public-dashboard <bool>", "true or false")
    .option("--retention-days <days>", "days of analytics data kept, 30–3650; 'forever' keeps everything")
    .action(
      act<UpdateOptions>(io, async (ctx, [given], options) => {
        const lists = Object.fromEntries(
          LIST_FLAGS.map((key) => {
            const value = options[key as keyof UpdateOptions];
            return [key, value === undefined ? undefined : commaList(value)];
          }),
        );
        const body = parseInput(
          updateWebsiteBody,
          defined({
            name: options.name,
            domain: options.domain,
            timezone: options.timezone,
            currency: options.currency,
            ...lists,
            publicDashboard: booleanFlag("--public-dashboard", options.publicDashboard),
            retentionDays: retentionFlag(options.retentionDays),
          }),
        );
        const websiteId = await websiteForPath(ctx, given);
        const rows = await ctx.api.data<WebsiteSettings[]>("PUT", path`/admin/websites/${websiteId}`, { body });
        emit(ctx, rows, () => printRecord(ctx, rows[0] ?? {}));
      }),
    );

  registerApiKeys(websites, io);
  registerTeam(websites, io);
  registerWebhooks(websites, io);
}
