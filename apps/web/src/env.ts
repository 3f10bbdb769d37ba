// Every setting Keygate reads, validated once at start. Nothing else reads process.env.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

/** The monorepo root (where pnpm-workspace.yaml is), so `.data/` is the same folder whatever the cwd. */
function repoRoot(from = process.cwd()): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
  return dir;
}

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((value) => value === "true" || value === "1");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Postgres connection string; without it Keygate runs on the embedded database in DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().default(join(repoRoot(), ".data")),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Postgres cancels a statement after this long (the API answers 504); 0 = no limit. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Longest wait for a pooled connection (acquire and connect); then 503. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Longest wait for any answer from the database, even a frozen one; then 503. Keep it above the statement timeout. */
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).default(35_000),
  HOST: z.string().default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Idle keep-alive connections close after this; behind a load balancer, keep it above the balancer's idle timeout. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(65_000),
  /** A client has this long to send a request's headers. Must exceed the keep-alive timeout. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(66_000),
  /** Largest accepted request body under /api/v1, in bytes. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024),
  /** How long a verified credential, role or public-dashboard flag is reused in one process; 0 = no cache. */
  CREDENTIAL_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
  /** Counts requests per website key and account token by day and status class (Credential usage). Default: on. */
  CREDENTIAL_USAGE: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((value) => value === "true" || value === "1"),
  /** Requests per minute one credential (df_ key or dft_ token) may make to /api/v1; 0 = no limit. */
  RATE_LIMIT_CREDENTIAL_PER_MINUTE: z.coerce.number().int().min(0).default(6_000),
  /** Requests per minute to /api/v1 about one website, all credentials together; 0 = no limit. */
  RATE_LIMIT_WEBSITE_PER_MINUTE: z.coerce.number().int().min(0).default(12_000),
  /** Accounts one address may create per hour through the sign-up form; 0 = no limit. */
  RATE_LIMIT_SIGN_UPS_PER_HOUR: z.coerce.number().int().min(0).default(20),
  /** Shares rate-limit counters through Redis (redis://…); without it, through the database. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Serves Prometheus metrics at /metrics on the main port to `Authorization: Bearer <token>`; unset: not there. */
  METRICS_TOKEN: z.string().min(16, "Use at least 16 characters").optional(),
  /** Serves Prometheus metrics at /metrics, without a token, on this port of METRICS_HOST; unset: off. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Where METRICS_PORT listens; the default keeps it off the network. */
  METRICS_HOST: z.string().default("127.0.0.1"),
  /** pino's level: trace, debug, info, warn, error, fatal or silent. */
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /**
   * How many proxies you run in front of Keygate: the client IP is then the X-Forwarded-For entry the
   * outermost one appended (the N-th from the right). `true` = 1; `false` or `0` = none (the socket's).
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})?$/, "Use true, false or a number of proxies")
    .default("false")
    .transform((value) => (value === "true" ? 1 : value === "false" || value === "" ? 0 : Number(value))),
  /** Signs session cookies. Without it a random secret is kept in DATA_DIR (fine for one instance). */
  AUTH_SECRET: z.string().min(32, "Use at least 32 characters").optional(),
  /** A dashboard session unused for this many days ends (fractions allowed: 0.5 = 12 hours). */
  SESSION_IDLE_DAYS: z.coerce.number().positive().max(3650).default(7),
  /** A dashboard session ends this many days after sign-in, however much it is used. */
  SESSION_MAX_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** The public URL of the dashboard, for sign-in redirects. Default: http://localhost:PORT. */
  AUTH_URL: z.url().optional(),
  /** OAuth sign-in switches on when both halves of a pair are set. */
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  /** Seed a demo account (once) on an empty database and print its sign-in. Default: on for the embedded database. */
  DEMO_SEED: z.enum(["true", "false", "1", "0"]).optional(),
  /** A MaxMind-format city database (.mmdb) read from disk for region and city; unset: country only. */
  GEOIP_CITY_DB: z.string().optional(),
  /**
   * Public keys that sign secret-scanning leak reports: GitHub's JSON (`{"public_keys":[{key_identifier, key,
   * is_current}]}`) inline, or the path of a file holding it. Unset: POST /api/v1/secret-scanning/reports is a 404.
   */
  SECRET_SCANNING_PUBLIC_KEYS: z.string().min(1).optional(),
  /** Sends mail through this SMTP server (smtp:// or smtps://, credentials in the URL); unset: mail is kept in the database. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The sender of every mail, e.g. `Keygate <no-reply@example.com>`; required with SMTP_URL. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Serves /dev/inbox (the mail kept in the database) in production too, when SMTP_URL is unset. Tests only. */
  MAIL_INBOX: flag,
  /** Runs the scheduled jobs (expiry warnings, retention) on this instance; every instance may. Default: on. */
  JOBS_ENABLED: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((value) => value === "true" || value === "1"),
  /** Runs every job this often instead of its own interval (tests). */
  JOBS_INTERVAL_MS: z.coerce.number().int().min(50).optional(),
  /** Lets webhooks target private, loopback and link-local addresses (refused otherwise). Tests only. */
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: flag,
});

function load() {
  // An empty variable counts as unset (as in most deployment tools).
  const set = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  if (parsed.data.SMTP_URL && !parsed.data.MAIL_FROM) {
    throw new Error("Invalid configuration:\n  MAIL_FROM: required when SMTP_URL is set");
  }
  return parsed.data;
}

const loaded = load();

/** Persisted so sessions survive restarts when no AUTH_SECRET is configured. */
function localSecret(dataDir: string): string {
  const file = join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}

export const env = {
  ...loaded,
  AUTH_URL: loaded.AUTH_URL ?? `http://localhost:${loaded.PORT}`,
  DEMO_SEED:
    loaded.DEMO_SEED === undefined ? !loaded.DATABASE_URL : loaded.DEMO_SEED === "true" || loaded.DEMO_SEED === "1",
  get AUTH_SECRET(): string {
    if (loaded.AUTH_SECRET) return loaded.AUTH_SECRET;
    if (loaded.NODE_ENV === "production" && loaded.DATABASE_URL) {
      throw new Error("AUTH_SECRET is required in production with DATABASE_URL (instances must share it)");
    }
    return localSecret(loaded.DATA_DIR);
  },
};
export type Env = typeof env;

// next-auth reads its base URL from the environment itself.
process.env.NEXTAUTH_URL ??= env.AUTH_URL;
