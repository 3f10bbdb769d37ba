// funnels list | create | update | delete: ordered steps (pageviews or goals) on a website.
import { createFunnelBody, type Funnel, type FunnelStep, updateFunnelBody } from "@keygate/core/contracts";
import type { Command } from "commander";
import type { Context } from "../context";
import { CliError } from "../errors";
import { canPrompt, type Io } from "../io";
import { act, collect } from "../lib/action";
import { path } from "../lib/api";
import { emit, printRecord, printTable, write } from "../lib/output";
import { askText, confirmOrStop } from "../lib/prompts";
import { idOrChoose, websiteForPath } from "../lib/resolve";
import { defined, parseInput } from "../lib/validate";

const WEBSITE_ARG = "default: --website, KEYGATE_WEBSITE or the config's website";
const STEP_HELP = '[label=]pageview:/path or [label=]goal:name, in order (e.g. "Pricing=pageview:/pricing")';
const STEP = /^(?:(.+?)=)?(pageview|goal):(.+)$/;

const funnelsPath = (websiteId: string) => path`/admin/websites/${websiteId}/funnels`;

export function parseStep(text: string): FunnelStep {
  const match = STEP.exec(text.trim());
  if (!match) throw CliError.usage(`--step "${text}": expected ${STEP_HELP}`);
  const [, label, type, target = ""] = match;
  const name = label?.trim() || target;
  return type === "goal" ? { name, type: "goal", goalName: target } : { name, type: "pageview", url: target };
}

async function askSteps(ctx: Context): Promise<string[]> {
  const steps: string[] = [];
  for (;;) {
    const answer = await askText(ctx.io, {
      flag: "--step",
      message: `Step ${steps.length + 1} (pageview:/path or goal:name${steps.length >= 2 ? "; empty to finish" : ""})`,
      optional: steps.length >= 2,
      validate: (value) => (STEP.test(value) ? undefined : `Expected ${STEP_HELP}`),
    });
    if (!answer) return steps;
    steps.push(answer);
    if (steps.length === 8) return steps;
  }
}

function chooseFunnel(ctx: Context, websiteId: string, given: string | undefined) {
  return idOrChoose(ctx, given, {
    flag: "<funnelId>",
    message: "Which funnel?",
    load: () => ctx.api.get<Funnel[]>(funnelsPath(websiteId)),
    choice: (funnel) => ({ value: funnel._id, label: funnel.name }),
  });
}

const describeSteps = (funnel: Funnel) =>
  funnel.steps.map((step) => `${step.name} (${step.type === "goal" ? `goal:${step.goalName}` : step.url})`).join(" → ");

function show(ctx: Context, rows: Funnel[]) {
  emit(ctx, rows, () => printRecord(ctx, { ...rows[0], steps: rows[0] ? describeSteps(rows[0]) : "" }));
}

export function registerFunnels(program: Command, io: Io): void {
  const funnels = program.command("funnels").description("Funnels: 2–8 ordered steps");

  funnels
    .command("list")
    .description("The website's funnels")
    .argument("[websiteId]", WEBSITE_ARG)
    .action(
      act(io, async (ctx, [given]) => {
        const rows = await ctx.api.get<Funnel[]>(funnelsPath(await websiteForPath(ctx, given)));
        emit(ctx, rows, () =>
          printTable(
            ctx,
            rows.map((funnel) => ({ ...funnel, steps: describeSteps(funnel) })),
            ["_id", "name", "steps", "updatedAt"],
          ),
        );
      }),
    );

  funnels
    .command("create")
    .description("Create a funnel (asks for name and steps at a terminal)")
    .argument("[websiteId]", WEBSITE_ARG)
    .option("--name <name>", "unique on the website")
    .option("--step <step>", STEP_HELP, collect)
    .action(
      act<{ name?: string; step?: string[] }>(io, async (ctx, [given], options) => {
        const name = options.name ?? (await askText(io, { flag: "--name", message: "Funnel name" }));
        const steps = options.step ?? (canPrompt(io) ? await askSteps(ctx) : []);
        if (steps.length === 0) throw CliError.usage("Missing --step (give 2 to 8, in order)");
        const body = parseInput(createFunnelBody, { name, steps: steps.map(parseStep) });
        const websiteId = await websiteForPath(ctx, given);
        show(ctx, await ctx.api.data<Funnel[]>("POST", funnelsPath(websiteId), { body }));
      }),
    );

  funnels
    .command("update")
    .description("Rename a funnel or replace its steps")
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[funnelId]", "the funnel's _id (see funnels list)")
    .option("--name <name>", "new name")
    .option("--step <step>", `${STEP_HELP}; replaces all steps`, collect)
    .action(
      act<{ name?: string; step?: string[] }>(io, async (ctx, [givenSite, givenFunnel], options) => {
        const body = parseInput(updateFunnelBody, defined({ name: options.name, steps: options.step?.map(parseStep) }));
        const websiteId = await websiteForPath(ctx, givenSite);
        const funnelId = await chooseFunnel(ctx, websiteId, givenFunnel);
        show(ctx, await ctx.api.data<Funnel[]>("PUT", funnelsPath(websiteId) + path`/${funnelId}`, { body }));
      }),
    );

  funnels
    .command("delete")
    .description("Delete a funnel")
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[funnelId]", "the funnel's _id (see funnels list)")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      act<{ yes?: boolean }>(io, async (ctx, [givenSite, givenFunnel], options) => {
        const websiteId = await websiteForPath(ctx, givenSite);
        const funnelId = await chooseFunnel(ctx, websiteId, givenFunnel);
        await confirmOrStop(io, { yes: options.yes, action: `delete funnel ${funnelId}` });
        const rows = await ctx.api.data<{ deleted: true }[]>("DELETE", funnelsPath(websiteId) + path`/${funnelId}`);
        emit(ctx, rows, () => write(ctx, `Deleted funnel ${funnelId}.`));
      }),
    );
}
