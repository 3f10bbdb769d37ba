// Ops commands for internal admins, run against DATABASE_URL or the embedded database:
//   pnpm ops user:create --email <e> --password <p> [--name <n>] [--staff]
//   pnpm ops token:create --email <e> [--name <n>] [--permissions "a,b"] [--websites id1,id2]
//   pnpm ops member:set --website <id> --email <e> --role owner|member|viewer
//   pnpm ops demo:traffic --website <id> [--days <n>]
//   pnpm ops jobs:run [--job <name>]
import { parseArgs } from "node:util";
import { AppError } from "@keygate/core";
import { createAccessTokenBody } from "@keygate/core/contracts";
import { type Grant, ROLES, type Role } from "@keygate/core/policy";
import { generateDemoTraffic } from "../server/analytics/demo-traffic";
import { closeDatabase, db } from "../server/db";
import { JOBS, runJob } from "../server/jobs";
import { createAccessToken } from "../server/services/access-tokens";
import { NO_ORIGIN } from "../server/services/context";
import { createUser, findUserByEmail, setMembership } from "../server/services/users";

const OPS = { kind: "ops" } as const;
const USAGE = `Usage:
  pnpm ops user:create --email <e> --password <p> [--name <n>] [--staff]
  pnpm ops token:create --email <e> [--name <n>] [--permissions "a,b"] [--websites id1,id2]
  pnpm ops member:set --website <id> --email <e> --role owner|member|viewer
  pnpm ops demo:traffic --website <id> [--days <n>]   (replaces the website's analytics with generated traffic)
  pnpm ops jobs:run [--job <name>]   (one round of every scheduled job, or of one; safe beside running servers)`;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

const list = (value: unknown) =>
  typeof value === "string"
    ? value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async "user:create"(args) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        password: { type: "string" },
        name: { type: "string" },
        staff: { type: "boolean" },
      },
    });
    const user = await createUser({
      actor: OPS,
      origin: NO_ORIGIN,
      email: required(values, "email"),
      password: required(values, "password"),
      name: values.name,
      staff: values.staff ?? false,
    });
    console.log(`Created user ${user.email} (${user.id})${user.isStaff ? " [staff]" : ""}`);
    if (user.isStaff) {
      console.log(
        "Staff open /admin only with two-factor sign-in: sign in, then turn it on from the Account page (/account).",
      );
    }
  },

  async "token:create"(args) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        permissions: { type: "string" },
        websites: { type: "string" },
      },
    });
    const email = required(values, "email");
    const body = createAccessTokenBody.safeParse({
      name: values.name,
      permissions: list(values.permissions),
      websiteIds: list(values.websites),
    });
    if (!body.success)
      throw new UsageError(body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const user = await findUserByEmail(email);
    if (!user) throw AppError.notFound(`No user with email ${email}`);
    const token = await createAccessToken({
      principal: { kind: "ops", userId: user.id },
      origin: NO_ORIGIN,
      name: body.data.name,
      permissions: body.data.permissions as Grant[],
      websiteIds: body.data.websiteIds,
    });
    console.error(`Created token ${token.displayKey} (${token._id}) for ${user.email}: ${token.permissions.join(",")}`);
    console.error("The raw token is printed once, below. Store it now.");
    console.log(token.key);
  },

  async "member:set"(args) {
    const { values } = parseArgs({
      args,
      options: { website: { type: "string" }, email: { type: "string" }, role: { type: "string" } },
    });
    const role = required(values, "role");
    if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
    const result = await setMembership({
      actor: OPS,
      origin: NO_ORIGIN,
      websiteId: required(values, "website"),
      email: required(values, "email"),
      role: role as Role,
    });
    console.log(`${values.email} is now ${result.role} of website ${result.websiteId}`);
  },

  async "demo:traffic"(args) {
    const { values } = parseArgs({ args, options: { website: { type: "string" }, days: { type: "string" } } });
    const days = values.days === undefined ? 21 : Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 366)
      throw new UsageError("--days must be a whole number from 1 to 366");
    const websiteId = required(values, "website");
    const website = await (await db()).website.findUnique({
      where: { id: websiteId },
      select: { id: true, domain: true },
    });
    if (!website) throw AppError.notFound(`No website ${websiteId}`);
    const traffic = await generateDemoTraffic({ websiteId: website.id, domain: website.domain, days });
    console.log(
      `Generated ${days} days of traffic for ${website.domain}: ${traffic.visitors} visitors, ${traffic.events} events, ${traffic.payments} payments`,
    );
  },

  async "jobs:run"(args) {
    const { values } = parseArgs({ args, options: { job: { type: "string" } } });
    const jobs = values.job === undefined ? JOBS : JOBS.filter((job) => job.name === values.job);
    if (jobs.length === 0) throw new UsageError(`--job must be one of ${JOBS.map((job) => job.name).join(", ")}`);
    let failed = false;
    for (const job of jobs) {
      const handled = await runJob(job);
      failed ||= handled === null;
      console.log(handled === null ? `${job.name}: failed (see the log)` : `${job.name}: ${handled} handled`);
    }
    if (failed) process.exitCode = 1;
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv[0] === "--" ? argv.slice(1) : argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name ? `Unknown command: ${name}\n\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    await command(args);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof AppError) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await closeDatabase();
  }
}

process.exitCode = await main(process.argv.slice(2));
