// The Website API's writes: goals (and `goals list`, the goal breakdown), payments, identify.
import {
  createGoalBody,
  createPaymentBody,
  deleteGoalsQuery,
  deletePaymentsQuery,
  identifyBody,
  type paymentReply,
} from "@keygate/core/contracts";
import type { Command } from "commander";
import type { z } from "zod";
import type { Context } from "../context";
import { CliError } from "../errors";
import type { Io } from "../io";
import { act, collect } from "../lib/action";
import type { Query } from "../lib/api";
import { emit, printRecord, type Row } from "../lib/output";
import { confirmOrStop } from "../lib/prompts";
import { websiteForQuery } from "../lib/resolve";
import { defined, parseInput } from "../lib/validate";
import { pageFlags, pageQuery, type WindowOptions, windowFlags, windowQuery } from "../lib/window";
import { printPaged } from "./analytics";

const VISITOR = { datafast_visitor_id: "--visitor" };

/** `--property plan=pro --property seats=3` → `{ plan: "pro", seats: "3" }`. */
function keyValues(flag: string, pairs: string[] = []): Record<string, string> {
  const record: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw CliError.usage(`${flag} "${pair}": expected key=value`);
    record[pair.slice(0, at).trim()] = pair.slice(at + 1);
  }
  return record;
}

function show(ctx: Context, rows: Row[]) {
  emit(ctx, rows, () => printRecord(ctx, rows[0] ?? {}));
}

/** A range for deletes: --period or --start/--end, as the reads take it. */
async function deleteRange(ctx: Context, websiteId: string | undefined, options: WindowOptions): Promise<Query> {
  const { startAt, endAt } = await windowQuery(ctx, websiteId, { ...options, filter: undefined });
  return { startAt, endAt };
}

function registerGoals(program: Command, io: Io): void {
  const goals = program.command("goals").description("Custom goals: list completions, record or delete events");

  pageFlags(
    windowFlags(goals.command("list").description("Goals by completions and visitors (= analytics goals)")),
  ).action(
    act<WindowOptions & { limit?: string; offset?: string }>(io, async (ctx, _args, options) => {
      const websiteId = await websiteForQuery(ctx);
      const query = { ...(await windowQuery(ctx, websiteId, options)), ...pageQuery(options) };
      const body = await ctx.api.body<{ data: Row[]; pagination: { limit: number; offset: number; total: number } }>(
        "GET",
        "/analytics/goals",
        { query },
      );
      emit(ctx, body, () => printPaged(ctx, body));
    }),
  );

  goals
    .command("create")
    .description("Record a goal for a visitor who has a pageview")
    .requiredOption("--visitor <visitorId>", "the visitor (datafast_visitor_id)")
    .requiredOption("--name <goal>", "goal name, e.g. newsletter_signup")
    .option("--description <text>", "shown in the visitor's timeline")
    .option("--metadata <key=value>", "repeatable, up to 10", collect)
    .action(
      act<{ visitor: string; name: string; description?: string; metadata?: string[] }>(
        io,
        async (ctx, _a, options) => {
          const metadata = options.metadata ? keyValues("--metadata", options.metadata) : undefined;
          const body = parseInput(
            createGoalBody,
            defined({
              datafast_visitor_id: options.visitor,
              name: options.name,
              description: options.description,
              metadata,
            }),
            VISITOR,
          );
          const websiteId = await websiteForQuery(ctx);
          show(ctx, await ctx.api.data<Row[]>("POST", "/goals", { query: { websiteId }, body }));
        },
      ),
    );

  windowFlags(goals.command("delete").description("Delete goal events by visitor, name and/or range"), {
    filters: false,
  })
    .option("--visitor <visitorId>", "this visitor's goals")
    .option("--name <goal>", "goals with this name")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      act<WindowOptions & { visitor?: string; name?: string; yes?: boolean }>(io, async (ctx, _args, options) => {
        const websiteId = await websiteForQuery(ctx);
        const range = await deleteRange(ctx, websiteId, options);
        const query = parseInput(
          deleteGoalsQuery,
          defined({ websiteId, datafast_visitor_id: options.visitor, name: options.name, ...range }),
          VISITOR,
        );
        if (!query.datafast_visitor_id && !query.name && !query.startAt) {
          throw CliError.usage("Give --visitor, --name and/or a range (--period or --start/--end)");
        }
        await confirmOrStop(io, { yes: options.yes, action: "delete the matching goal events" });
        show(ctx, await ctx.api.data<Row[]>("DELETE", "/goals", { query: query as Query }));
      }),
    );
}

function registerPayments(program: Command, io: Io): void {
  const payments = program.command("payments").description("Payments: revenue attributed to visitors");

  payments
    .command("create")
    .description("Record a payment; the same --transaction-id again records nothing (--json: the bare reply)")
    .requiredOption("--amount <amount>", "in major units, e.g. 29.99")
    .requiredOption("--currency <code>", "ISO 4217, e.g. USD")
    .requiredOption("--transaction-id <id>", "your payment's id")
    .option("--visitor <visitorId>", "the paying visitor, for attribution")
    .option("--email <email>", "the customer's email (attributes through a browser hint)")
    .option("--name <name>", "the customer's name")
    .option("--customer-id <id>", "your customer id")
    .option("--renewal", "a renewal, not a new payment")
    .option("--refunded", "refunded")
    .option("--free-trial", "a free trial (default when the amount is 0)")
    .option("--timestamp <iso>", "when it happened (default now)")
    .action(
      act<Record<string, string | boolean | undefined>>(io, async (ctx, _args, options) => {
        const body = parseInput(
          createPaymentBody,
          defined({
            amount: options.amount,
            currency: options.currency,
            transaction_id: options.transactionId,
            datafast_visitor_id: options.visitor,
            email: options.email,
            name: options.name,
            customer_id: options.customerId,
            renewal: options.renewal,
            refunded: options.refunded,
            is_free_trial: options.freeTrial,
            timestamp: options.timestamp,
          }),
          { ...VISITOR, transaction_id: "--transaction-id", is_free_trial: "--free-trial" },
        );
        const websiteId = await websiteForQuery(ctx);
        const reply = await ctx.api.body<z.infer<typeof paymentReply>>("POST", "/payments", {
          query: { websiteId },
          body,
        });
        emit(ctx, reply, () => printRecord(ctx, reply));
      }),
    );

  windowFlags(payments.command("delete").description("Delete by transaction, or by visitor and/or range"), {
    filters: false,
  })
    .option("--transaction-id <id>", "this payment")
    .option("--visitor <visitorId>", "this visitor's payments")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      act<WindowOptions & { transactionId?: string; visitor?: string; yes?: boolean }>(io, async (ctx, _a, options) => {
        const websiteId = await websiteForQuery(ctx);
        const range = await deleteRange(ctx, websiteId, options);
        const query = parseInput(
          deletePaymentsQuery,
          defined({ websiteId, transaction_id: options.transactionId, datafast_visitor_id: options.visitor, ...range }),
          { ...VISITOR, transaction_id: "--transaction-id" },
        );
        if (!query.transaction_id && !query.datafast_visitor_id && !query.startAt) {
          throw CliError.usage("Give --transaction-id, or --visitor and/or a range (--period or --start/--end)");
        }
        await confirmOrStop(io, { yes: options.yes, action: "delete the matching payments" });
        show(ctx, await ctx.api.data<Row[]>("DELETE", "/payments", { query: query as Query }));
      }),
    );
}

function registerIdentify(program: Command, io: Io): void {
  program
    .command("identify")
    .description("Link a visitor to your user id; --property values merge into the profile")
    .requiredOption("--user-id <id>", "your user's id")
    .requiredOption("--visitor <visitorId>", "the visitor (datafast_visitor_id)")
    .option("--property <key=value>", "repeatable, e.g. email=ada@example.com plan=pro", collect)
    .action(
      act<{ userId: string; visitor: string; property?: string[] }>(io, async (ctx, _args, options) => {
        const body = parseInput(
          identifyBody,
          {
            ...keyValues("--property", options.property),
            user_id: options.userId,
            datafast_visitor_id: options.visitor,
          },
          { ...VISITOR, user_id: "--user-id" },
        );
        const websiteId = await websiteForQuery(ctx);
        const data = await ctx.api.data<Row>("POST", "/identify", { query: { websiteId }, body });
        emit(ctx, data, () => printRecord(ctx, data));
      }),
    );
}

export function registerTracking(program: Command, io: Io): void {
  registerGoals(program, io);
  registerPayments(program, io);
  registerIdentify(program, io);
}
