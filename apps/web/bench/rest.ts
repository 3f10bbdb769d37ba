// `pnpm bench`: load on the REST hot path of the built server, on a fresh Postgres database, over
// loopback only, bounded in time. Prints requests per second and latency for each scenario, and
// their ratio to a static 404 under /api/v1 (router + envelope, no database) in the same run.
import autocannon from "autocannon";
import { startBench } from "./setup";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;

const bench = await startBench();
const { baseUrl, token, websiteId: website } = bench;

try {
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    }).then((r) => r.json() as Promise<{ data: Record<string, string>[] }>);
  const key = (await call(`/admin/websites/${website}/apikeys`, { method: "POST", body: "{}" })).data[0]?.key;

  const scenarios = [
    { name: "404 under /api/v1 (no database)", path: "/api/v1/nothing-here", auth: undefined },
    { name: "GET apikeys with df_ key", path: `/api/v1/admin/websites/${website}/apikeys`, auth: key },
    { name: "GET apikeys with dft_ token", path: `/api/v1/admin/websites/${website}/apikeys`, auth: token },
    { name: "GET websites with dft_ token", path: "/api/v1/admin/websites", auth: token },
  ];
  const results: { name: string; rps: number; p50: number; p99: number; errors: number }[] = [];
  for (const scenario of scenarios) {
    const result = await autocannon({
      url: `${baseUrl}${scenario.path}`,
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
  await bench.stop();
}
