// What every bench starts from: the built server on a fresh Postgres database, a user with a `*`
// account token, and one website. Loopback only; `stop()` drops everything.
// Rate limits stay on (their store is on the measured path) but far above what the load can reach.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@keygate/db/testing";
import { type RunningServer, startServer } from "../test/server";

/** A browser's User-Agent, so that collection counts the benches' events rather than dropping them as bots. */
export const BROWSER_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/** What the tracker sends for a new visitor's pageview on the bench website. */
export function pageviewBody(trackingId: string, href: string, referrer: string | null = null): string {
  return JSON.stringify({
    websiteId: trackingId,
    domain: "bench.example.com",
    type: "pageview",
    href,
    referrer,
    visitorId: randomUUID(),
    sessionId: `s${randomUUID()}`,
    viewport: { width: 1280, height: 800 },
  });
}

/** Lets benches read the server's own figures (heap, event loop) from /metrics. */
export const BENCH_METRICS_TOKEN = "bench-metrics-token-0123456789";

const BENCH_ENV = {
  RATE_LIMIT_CREDENTIAL_PER_MINUTE: String(1_000_000_000),
  RATE_LIMIT_WEBSITE_PER_MINUTE: String(1_000_000_000),
  METRICS_TOKEN: BENCH_METRICS_TOKEN,
  // Scheduled jobs (webhook delivery every 5 s, …) are off the request path; their queries would count
  // in the "database work for refused keys" figures.
  JOBS_ENABLED: "false",
};

export interface Bench {
  baseUrl: string;
  databaseUrl: string;
  token: string;
  websiteId: string;
  trackingId: string;
  server: RunningServer;
  stop(): Promise<void>;
}

/** Another Keygate server on an existing bench database, e.g. with node flags in `env.NODE_OPTIONS`. */
export function startBenchServer(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({
    // As `pnpm start` runs it: without source maps.
    sourceMaps: false,
    env: { ...BENCH_ENV, DATABASE_URL: databaseUrl, ...env },
    logPath: join(mkdtempSync(join(tmpdir(), "keygate-bench-")), "server.log"),
  });
}

/** A fresh database and a server on it; `env` goes to the server (e.g. `NODE_OPTIONS` with a preload). */
export async function startBench(env: Record<string, string> = {}): Promise<Bench> {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  const server = await startBenchServer(database.url, env);
  const stop = async () => {
    await server.stop();
    await database.drop();
  };
  try {
    const { createUser } = await import("../src/server/services/users");
    const { createAccessToken } = await import("../src/server/services/access-tokens");
    const { closeDatabase } = await import("../src/server/db");
    const ops = { kind: "ops" } as const;
    const origin = { ip: null, userAgent: null };
    const user = await createUser({ actor: ops, origin, email: "bench@example.com", password: "bench password" });
    const token = await createAccessToken({
      principal: { kind: "ops", userId: user.id },
      origin,
      permissions: ["*"],
      websiteIds: [],
    });
    await closeDatabase();
    const created = await fetch(`${server.baseUrl}/api/v1/admin/websites`, {
      method: "POST",
      headers: { authorization: `Bearer ${token.key}`, "content-type": "application/json" },
      body: JSON.stringify({ domain: "bench.example.com", timezone: "UTC" }),
    }).then((r) => r.json() as Promise<{ data: { websiteId: string; trackingId: string }[] }>);
    const { websiteId, trackingId } = created.data[0] as { websiteId: string; trackingId: string };
    return {
      baseUrl: server.baseUrl,
      databaseUrl: database.url,
      token: token.key as string,
      websiteId,
      trackingId,
      server,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
