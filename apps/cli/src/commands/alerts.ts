// alerts list | create | update | delete: a message sent when a goal happens.
import { type Alert, createAlertBody, updateAlertBody } from "@keygate/core/contracts";
import type { Command } from "commander";
import type { Context } from "../context";
import { CliError } from "../errors";
import type { Io } from "../io";
import { act } from "../lib/action";
import { path } from "../lib/api";
import { emit, printRecord, printTable, type Row, write } from "../lib/output";
import { askText, confirmOrStop } from "../lib/prompts";
import { idOrChoose, websiteForPath } from "../lib/resolve";
import { defined, parseInput } from "../lib/validate";

const WEBSITE_ARG = "default: --website, KEYGATE_WEBSITE or the config's website";
const FLAGS = { trigger: "--goal", template: "--message" };

interface AlertOptions {
  name?: string;
  goal?: string;
  message?: string;
  subject?: string;
  enabled?: boolean;
  disabled?: boolean;
}

const alertsPath = (websiteId: string) => path`/admin/websites/${websiteId}/alerts`;

const flat = (alert: Alert): Row => ({
  _id: alert._id,
  name: alert.name,
  goal: alert.trigger.goalName,
  enabled: alert.isEnabled,
  subject: alert.template.subject,
  message: alert.template.message,
  updatedAt: alert.updatedAt,
});

function isEnabled(options: AlertOptions): boolean | undefined {
  if (options.enabled && options.disabled) throw CliError.usage("Give --enabled or --disabled, not both");
  return options.enabled ? true : options.disabled ? false : undefined;
}

function show(ctx: Context, rows: Alert[]) {
  emit(ctx, rows, () => printRecord(ctx, rows[0] ? flat(rows[0]) : {}));
}

function chooseAlert(ctx: Context, websiteId: string, given: string | undefined) {
  return idOrChoose(ctx, given, {
    flag: "<alertId>",
    message: "Which alert?",
    load: () => ctx.api.get<Alert[]>(alertsPath(websiteId)),
    choice: (alert) => ({ value: alert._id, label: alert.name, hint: `goal ${alert.trigger.goalName}` }),
  });
}

function alertFlags(command: Command): Command {
  return command
    .option("--name <name>", "alert name (≤ 100 characters)")
    .option("--goal <goalName>", "the goal that fires it")
    .option("--message <text>", "message body, 10–2000 characters")
    .option("--subject <text>", "subject line")
    .option("--enabled", "fire on the goal")
    .option("--disabled", "keep it but do not fire");
}

export function registerAlerts(program: Command, io: Io): void {
  const alerts = program.command("alerts").description("Alerts: a message when a goal happens (max 25 per website)");

  alerts
    .command("list")
    .description("The website's alerts")
    .argument("[websiteId]", WEBSITE_ARG)
    .action(
      act(io, async (ctx, [given]) => {
        const rows = await ctx.api.get<Alert[]>(alertsPath(await websiteForPath(ctx, given)));
        emit(ctx, rows, () => printTable(ctx, rows.map(flat)));
      }),
    );

  alertFlags(alerts.command("create").description("Create an alert (asks for what is missing at a terminal)"))
    .argument("[websiteId]", WEBSITE_ARG)
    .action(
      act<AlertOptions>(io, async (ctx, [given], options) => {
        const name = options.name ?? (await askText(io, { flag: "--name", message: "Alert name" }));
        const goalName = options.goal ?? (await askText(io, { flag: "--goal", message: "Goal that fires it" }));
        const message =
          options.message ?? (await askText(io, { flag: "--message", message: "Message (10–2000 characters)" }));
        const body = parseInput(
          createAlertBody,
          defined({
            name,
            trigger: { goalName },
            template: defined({ message, subject: options.subject }),
            isEnabled: isEnabled(options),
          }),
          FLAGS,
        );
        const websiteId = await websiteForPath(ctx, given);
        show(ctx, await ctx.api.data<Alert[]>("POST", alertsPath(websiteId), { body }));
      }),
    );

  alertFlags(alerts.command("update").description("Change an alert (only the flags given)"))
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[alertId]", "the alert's _id (see alerts list)")
    .action(
      act<AlertOptions>(io, async (ctx, [givenSite, givenAlert], options) => {
        const websiteId = await websiteForPath(ctx, givenSite);
        const alertId = await chooseAlert(ctx, websiteId, givenAlert);
        let template: { message: string; subject?: string } | undefined;
        if (options.message !== undefined || options.subject !== undefined) {
          // The API replaces the template whole: keep the current message when only the subject changes.
          const current = (await ctx.api.get<Alert[]>(alertsPath(websiteId))).find((alert) => alert._id === alertId);
          template = defined({
            message: options.message ?? current?.template.message ?? "",
            subject: options.subject ?? current?.template.subject ?? undefined,
          }) as { message: string; subject?: string };
        }
        const body = parseInput(
          updateAlertBody,
          defined({
            name: options.name,
            trigger: options.goal ? { goalName: options.goal } : undefined,
            template,
            isEnabled: isEnabled(options),
          }),
          FLAGS,
        );
        show(ctx, await ctx.api.data<Alert[]>("PUT", alertsPath(websiteId) + path`/${alertId}`, { body }));
      }),
    );

  alerts
    .command("delete")
    .description("Delete an alert")
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[alertId]", "the alert's _id (see alerts list)")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      act<{ yes?: boolean }>(io, async (ctx, [givenSite, givenAlert], options) => {
        const websiteId = await websiteForPath(ctx, givenSite);
        const alertId = await chooseAlert(ctx, websiteId, givenAlert);
        await confirmOrStop(io, { yes: options.yes, action: `delete alert ${alertId}` });
        const rows = await ctx.api.data<{ deleted: true }[]>("DELETE", alertsPath(websiteId) + path`/${alertId}`);
        emit(ctx, rows, () => write(ctx, `Deleted alert ${alertId}.`));
      }),
    );
}
