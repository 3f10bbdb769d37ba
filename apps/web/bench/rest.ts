// `pnpm bench`: load on the REST hot path of the built server, on a fresh Postgres database, over
// loopback only, bounded in time. Prints requests per second and latency for each scenario, and
// their ratio to a static 404 under /api/v1 (router + envelope, no database) in the same run.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@keygate/db/testing";
import autocannon from "autocannon";
import { startServer } from "../test/server";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
const server = await startServer({
  env: { DATABASE_URL: database.url },
  logPath: join(mkdtempSync(join(tmpdir(), "keygate-bench-")), "server.log"),
});

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

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${server.baseUrl}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token.key}`, "content-type": "application/json" },
    }).then((r) => r.json() as Promise<{ data: Record<string, string>[] }>);
  const website = (
    await call("/admin/websites", {
      method: "POST",
      body: JSON.stringify({ domain: "bench.example.com", timezone: "UTC" }),
    })
  ).data[0]?.websiteId;
  const key = (await call(`/admin/websites/${website}/apikeys`, { method: "POST", body: "{}" })).data[0]?.key;

  const scenarios = [
    { name: "404 under /api/v1 (no database)", path: "/api/v1/nothing-here", auth: undefined },
    { name: "GET apikeys with df_ key", path: `/api/v1/admin/websites/${website}/apikeys`, auth: key },
    { name: "GET apikeys with dft_ token", path: `/api/v1/admin/websites/${website}/apikeys`, auth: token.key },
    { name: "GET websites with dft_ token", path: "/api/v1/admin/websites", auth: token.key },
  ];
  const results: { name: string; rps: number; p50: number; p99: number; errors: number }[] = [];
  for (const scenario of scenarios) {
    const result = await autocannon({
      url: `${server.baseUrl}${scenario.path}`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: scenario.auth ? { authorization: `Bearer ${scenario.auth}` } : {},
    });
    const unexpected = scenario.auth ? result.non2xx : result["2xx"];
    results.push({
      name: scenario.name,
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + unexpected,
    });
  }
  const base = results[0]?.rps ?? 1;
  console.log(`\n${CONNECTIONS} connections, ${DURATION_S} s each, loopback\n`);
  for (const r of results) {
    console.log(
      `${r.name.padEnd(34)} ${String(r.rps).padStart(6)} req/s  ${(r.rps / base).toFixed(2)}×  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}`,
    );
  }
} finally {
  await server.stop();
  await database.drop();
}
