// What counting credential usage costs the key path: two processes serving the same REST router on one
// fresh database, one with CREDENTIAL_USAGE=false (nothing counted) and one with it on, loaded in turn
// (the order flips every round) on loopback with a df_ key → GET …/apikeys. Prints both medians and
// their ratio, then stops the counting server and checks that the rollup holds exactly the requests
// it answered. `pnpm bench:usage` (in apps/web); USAGE_BENCH_SECONDS (default 5), USAGE_BENCH_ROUNDS (default 6),
// USAGE_BENCH_SAME=false for an A/A run (both servers without counting), USAGE_BENCH_BUILT=1 for the built server.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createTestDatabase } from "@keygate/db/testing";
import pg from "pg";
import { TEST_AUTH_SECRET } from "../test/auth-secret";
import { load, medianRun, type Run } from "./load";

const SECONDS = Number(process.env.USAGE_BENCH_SECONDS ?? 5);
const ROUNDS = Math.max(2, Number(process.env.USAGE_BENCH_ROUNDS ?? 6));

interface Child {
  baseUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** USAGE_BENCH_BUILT=1: the built server (dist/server.mjs, as `pnpm start` runs it; needs `pnpm build`). */
const BUILT = process.env.USAGE_BENCH_BUILT === "1";

async function start(databaseUrl: string, counting: boolean): Promise<Child> {
  if (BUILT) {
    const { startBenchServer } = await import("./setup");
    const server = await startBenchServer(databaseUrl, { CREDENTIAL_USAGE: String(counting) });
    return { baseUrl: server.baseUrl, process: server.process, stop: async () => void (await server.stop()) };
  }
  const child = spawn(process.execPath, ["--import", "tsx", "bench/usage-cost-server.ts"], {
    cwd: new URL("..", import.meta.url).pathname,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      CREDENTIAL_USAGE: String(counting),
      RATE_LIMIT_CREDENTIAL_PER_MINUTE: String(1_000_000_000),
      RATE_LIMIT_WEBSITE_PER_MINUTE: String(1_000_000_000),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      const port = /PORT (\d+)/.exec(chunk.toString())?.[1];
      if (!port) return;
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        process: child,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

/** User + system CPU time of a process so far, in ms (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
// The services used to set up (and the servers) seal with it; without it one would be written to DATA_DIR.
process.env.AUTH_SECRET ??= TEST_AUTH_SECRET;

// The counting itself, alone: what one request adds on the hot path (nothing is written here).
{
  const { UsageRecorder } = await import("../src/server/auth/usage");
  const recorder = new UsageRecorder(3_600_000);
  const ids = Array.from({ length: 100 }, (_, i) => i.toString(16).padStart(24, "0"));
  const calls = 5_000_000;
  for (let i = 0; i < calls / 10; i++) recorder.record("apiKey", ids[i % 100] as string, 200, "127.0.0.1", "ua");
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++)
    recorder.record("apiKey", ids[i % 100] as string, 200 + (i % 3) * 100, "127.0.0.1", "ua");
  const ns = Number(process.hrtime.bigint() - started) / calls;
  console.log(`UsageRecorder.record: ${ns.toFixed(0)} ns a call (${calls.toLocaleString("en")} calls, 100 keys)`);
}

// Everything counting adds to a request (countFor, countAnswer in the metrics middleware, record), in
// one process: a Hono app answering like the key path's last step, with and without it, in alternating batches.
{
  const { Hono } = await import("hono");
  const { countFor } = await import("../src/server/auth/usage");
  const { httpMetrics } = await import("../src/server/metrics");
  const { originOf } = await import("../src/server/rest/handle");
  const principal = { kind: "apiKey", keyId: "0".repeat(24), websiteId: "1".repeat(24) } as const;
  const appWith = (counting: boolean) => {
    const app = new Hono();
    app.use(httpMetrics("rest"));
    app.get("/k", (c) => {
      // The key path computes the origin anyway (audit, rate limits by address): counting reuses it.
      const origin = originOf(c);
      if (counting) countFor(c, principal, origin);
      return c.json({ status: "success", data: [{ _id: principal.keyId, name: null }] });
    });
    return app;
  };
  const apps = { off: appWith(false), on: appWith(true) };
  // What the Node adapter hands the app: the socket's address, as on the server.
  const PEER = { incoming: { socket: { remoteAddress: "127.0.0.1", remotePort: 40000, remoteFamily: "IPv4" } } };
  const init = { headers: { authorization: "Bearer df_x", "user-agent": "bench", "x-forwarded-for": "10.0.0.1" } };
  const batch = async (name: "off" | "on", n: number) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await (await apps[name].request("http://bench/k", init, PEER)).text();
    return Number(process.hrtime.bigint() - started) / 1000 / n;
  };
  await batch("off", 5_000);
  await batch("on", 5_000);
  const times: Record<"off" | "on", number[]> = { off: [], on: [] };
  for (let round = 0; round < 40; round++) {
    for (const name of round % 2 ? (["on", "off"] as const) : (["off", "on"] as const)) {
      times[name].push(await batch(name, 2_000));
    }
  }
  const [off, on] = [median(times.off), median(times.on)];
  console.log(
    `in-process request without / with counting: ${off.toFixed(2)} / ${on.toFixed(2)} µs (+${(on - off).toFixed(2)} µs a request)`,
  );
}
const client = new pg.Client({ connectionString: database.url });
await client.connect();
let off: Child | undefined;
let on: Child | undefined;
try {
  const { createUser } = await import("../src/server/services/users");
  const { closeDatabase } = await import("../src/server/db");
  const ops = { kind: "ops" } as const;
  const origin = { ip: null, userAgent: null };
  const user = await createUser({ actor: ops, origin, email: "usage-bench@example.com", password: "bench password" });
  // Set up here, on the services: neither server answers anything before the measured load.
  const { createWebsite } = await import("../src/server/services/websites");
  const { createApiKey } = await import("../src/server/services/api-keys");
  const owner = { kind: "session", userId: user.id } as const;
  const { websiteId } = await createWebsite({
    principal: owner,
    origin,
    domain: "usage-bench.example.com",
    timezone: "UTC",
  });
  const created = await createApiKey({ principal: owner, origin, websiteId, role: "owner" });
  await closeDatabase();
  // USAGE_BENCH_SAME=false|true: both servers alike (an A/A run), to see the noise between two processes.
  const same = process.env.USAGE_BENCH_SAME;
  const counting = same === undefined ? [false, true] : [same === "true", same === "true"];
  [off, on] = await Promise.all([
    start(database.url, counting[0] as boolean),
    start(database.url, counting[1] as boolean),
  ]);
  const path = `/api/v1/admin/websites/${websiteId}/apikeys`;
  const targets = {
    off: { url: `${off.baseUrl}${path}`, auth: created.key, status: 200 },
    on: { url: `${on.baseUrl}${path}`, auth: created.key, status: 200 },
  };
  await load(targets.off, 5);
  const warmUp = await load(targets.on, 5);
  const runs: Record<"off" | "on", Run[]> = { off: [], on: [] };
  // CPU time the server process spent per request: far less sensitive than req/s to other work on the machine.
  const cpuPerRequest: Record<"off" | "on", number[]> = { off: [], on: [] };
  const pids = { off: off.process.pid ?? 0, on: on.process.pid ?? 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const order: ("off" | "on")[] = round % 2 === 0 ? ["off", "on"] : ["on", "off"];
    for (const name of order) {
      const before = cpuMs(pids[name]);
      const run = await load(targets[name], SECONDS);
      runs[name].push(run);
      cpuPerRequest[name].push(((cpuMs(pids[name]) - before) * 1000) / Math.max(1, run.requests));
    }
    const last = (name: "off" | "on") =>
      `${runs[name].at(-1)?.rps.toFixed(0)} req/s ${cpuPerRequest[name].at(-1)?.toFixed(0)} µs CPU/req`;
    console.log(`round ${round + 1}: off ${last("off")}, on ${last("on")}`);
  }
  const offRun = medianRun(runs.off);
  const onRun = medianRun(runs.on);
  const ratios = runs.on.map((run, i) => run.rps / (runs.off[i]?.rps ?? 1));
  console.log(`\n${ROUNDS} rounds of ${SECONDS} s, 32 connections, loopback, df_ key → GET …/apikeys`);
  console.log(`counting off: ${offRun.rps.toFixed(0)} req/s, p50 ${offRun.p50} ms, p99 ${offRun.p99} ms`);
  console.log(`counting on:  ${onRun.rps.toFixed(0)} req/s, p50 ${onRun.p50} ms, p99 ${onRun.p99} ms`);
  const medianRatio = median(ratios);
  console.log(
    `on / off: ${(onRun.rps / offRun.rps).toFixed(3)} (ratio of medians), ${medianRatio.toFixed(3)} (median of rounds)`,
  );
  console.log(`per round: ${ratios.map((r) => r.toFixed(3)).join(" ")}`);
  const cpuOff = median(cpuPerRequest.off);
  const cpuOn = median(cpuPerRequest.on);
  console.log(
    `server CPU per request (median): off ${cpuOff.toFixed(1)} µs, on ${cpuOn.toFixed(1)} µs, on / off ${(cpuOn / cpuOff).toFixed(3)}`,
  );

  // Everything the counting server answered for the key is in the rollup once it has stopped; the
  // other one counted nothing.
  await on.stop();
  on = undefined;
  const { rows } = await client.query<{ total: number }>(
    `SELECT coalesce(sum("ok2xx" + "redirect3xx" + "client4xx" + "server5xx"), 0)::int AS total
     FROM "CredentialUsage" WHERE "credentialId" = $1`,
    [created._id],
  );
  // autocannon stops counting at the end of each run; answers still in flight then (up to 32 a run)
  // were answered and counted by the server all the same.
  const answered = [warmUp, ...runs.on].reduce((sum, run) => sum + run.requests, 0);
  console.log(`rollup for the key: ${rows[0]?.total} requests; autocannon saw ${answered} answered by that server`);
  if (offRun.errors + onRun.errors > 0) {
    console.error(`${offRun.errors + onRun.errors} requests failed`);
    process.exitCode = 1;
  }
} finally {
  await Promise.all([off?.stop(), on?.stop()]);
  await client.end();
  await database.drop();
}
