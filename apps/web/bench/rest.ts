// `pnpm bench` (first part): the REST hot path of the built server against its floor — a bare
// node:http + pg server doing the same work (bench/floor.ts) — in the same run, on a fresh Postgres
// database, over loopback only, bounded in time. Rounds alternate floor and Keygate; each figure is
// the median over rounds. Prints a table and writes bench/results.json with the ratios and targets.
// BENCH_SECONDS (default 5) per run, BENCH_ROUNDS (default 2), BENCH_PROFILE=1 adds a CPU profile
// of the key path.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { generateKey } from "@keygate/core/credentials";
import pg from "pg";
import { printSummary } from "./cpu-profile";
import { countWork, type Work } from "./db-count";
import { CONNECTIONS, type Endpoint, load, medianRun, type Run } from "./load";
import { memoryMb } from "./proc";
import { profileKeyPath } from "./profile-key-path";
import { printTable, printTargets, type Row, target } from "./report";
import { countKeys, createFloorTable, seedKeys } from "./seed-keys";
import { startBench } from "./setup";
import { startFloor } from "./start-floor";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Math.max(2, Number(process.env.BENCH_ROUNDS ?? 2));
const WARMUP_SECONDS = Math.min(2, SECONDS);
const PROFILE = process.env.BENCH_PROFILE === "1";

const bench = await startBench();
const client = new pg.Client({ connectionString: bench.databaseUrl });
await client.connect();
const floor = await startFloor(bench.databaseUrl).catch(async (error) => {
  await client.end();
  await bench.stop();
  throw error;
});
// A server that dies mid-run would only show up as errors; say so when it happens.
let finished = false;
bench.server.process.once("exit", (code, signal) => {
  if (!finished)
    console.error(`Keygate server exited (${signal ?? code}) during the bench; see ${bench.server.logPath}`);
});

/** Alternates floor and Keygate runs (after a warm-up of each) and keeps the median of each. */
async function compare(floorTarget: Endpoint, keygateTarget: Endpoint): Promise<{ floor: Run; keygate: Run }> {
  await load(floorTarget, WARMUP_SECONDS);
  await load(keygateTarget, WARMUP_SECONDS);
  const floorRuns: Run[] = [];
  const keygateRuns: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    floorRuns.push(await load(floorTarget, SECONDS));
    keygateRuns.push(await load(keygateTarget, SECONDS));
  }
  return { floor: medianRun(floorRuns), keygate: medianRun(keygateRuns) };
}

const workOf = ({ scans, transactions }: Work): Work => ({ scans, transactions });

function describeWork({ result, scans, transactions }: { result: Run } & Work): string {
  const each = (count: number) => (count / result.requests).toFixed(3);
  return `${result.requests} requests, ${scans} table scans (${each(scans)} each), ${transactions} transactions (${each(transactions)} each)`;
}

async function alone(keygateTarget: Endpoint): Promise<Run> {
  await load(keygateTarget, WARMUP_SECONDS);
  const runs: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) runs.push(await load(keygateTarget, SECONDS));
  return medianRun(runs);
}

try {
  const { baseUrl, websiteId, token } = bench;
  const created = await fetch(`${baseUrl}/api/v1/admin/websites/${websiteId}/apikeys`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: "{}",
  }).then((r) => r.json() as Promise<{ data: { key: string }[] }>);
  const key = created.data[0]?.key as string;
  // The last character changed: the right shape, a wrong checksum.
  const malformed = key.slice(0, -1) + (key.endsWith("0") ? "1" : "0");
  const unknown = generateKey("apiKey");
  await createFloorTable(client, websiteId);

  const keysPath = `/api/v1/admin/websites/${websiteId}/apikeys`;
  const both = (auth: string, status: number) => ({
    floor: { url: `${floor.baseUrl}${keysPath}`, auth, status },
    keygate: { url: `${baseUrl}${keysPath}`, auth, status },
  });
  const keyPath = both(key, 200);

  // Both servers must give the same answer, or the comparison means nothing. (Keygate also records
  // lastUsedAt, at most once a minute per key; the floor does not.)
  const answers = await Promise.all(
    [keyPath.floor, keyPath.keygate].map(async (t) => {
      const body = (await fetch(t.url, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json())) as {
        data: Record<string, unknown>[];
      };
      return { ...body, data: body.data.map(({ lastUsedAt: _, ...rest }) => rest) };
    }),
  );
  if (!isDeepStrictEqual(answers[0], answers[1])) {
    throw new Error(`floor and Keygate answer differently:\n${JSON.stringify(answers, null, 2)}`);
  }

  await seedKeys(client, 1_000);
  console.log(`${await countKeys(client)} keys in each table; ${SECONDS} s per run, ${ROUNDS} rounds`);
  // A first, longer warm-up: Keygate loads some modules on first use (the ORM for lastUsedAt, the
  // rate-limit store), which must not count against the first scenario only.
  await load(keyPath.floor, 5);
  await load(keyPath.keygate, 5);
  const thousand = await compare(keyPath.floor, keyPath.keygate);
  const account = await alone({ url: `${baseUrl}/api/v1/admin/account`, auth: token, status: 200 });
  const bad = both(malformed, 401);
  const refusedMalformed = await compare(bad.floor, bad.keygate);
  const missing = both(unknown, 401);
  const refusedUnknown = await compare(missing.floor, missing.keygate);

  // Database work per refused request, on Keygate (the unknown key shows what one lookup counts as).
  const probeSeconds = Math.min(3, SECONDS);
  const malformedWork = await countWork(client, () => load(bad.keygate, probeSeconds));
  const unknownWork = await countWork(client, () => load(missing.keygate, probeSeconds));

  const profile = PROFILE ? await profileKeyPath(bench.databaseUrl, keysPath, key, SECONDS) : undefined;

  const started = performance.now();
  await seedKeys(client, 1_000_000);
  const keys = await countKeys(client);
  console.log(
    `${keys.toLocaleString("en")} keys in each table (seeded in ${Math.round((performance.now() - started) / 1000)} s)`,
  );
  const million = await compare(keyPath.floor, keyPath.keygate);
  const memory = memoryMb(bench.server.process.pid ?? 0);

  const rows: Row[] = [];
  const pair = (scenario: string, runs: { floor: Run; keygate: Run }) => {
    rows.push({ scenario, server: "floor", run: runs.floor });
    rows.push({ scenario, server: "keygate", run: runs.keygate, ratio: runs.keygate.rps / runs.floor.rps });
  };
  pair("df_ key → GET …/apikeys, 1k keys", thousand);
  rows.push({ scenario: "dft_ token → GET /admin/account", server: "keygate", run: account });
  pair("malformed key → 401", refusedMalformed);
  pair("unknown key → 401", refusedUnknown);
  pair("df_ key → GET …/apikeys, 1M keys", million);

  const keygateErrors = rows.filter((r) => r.server === "keygate").reduce((sum, r) => sum + r.run.errors, 0);
  const targets = {
    "key path / floor (req/s)": target(thousand.keygate.rps / thousand.floor.rps, "≥ 1.0", (v) => v >= 1),
    "key path p99 / floor p99": target(thousand.keygate.p99 / thousand.floor.p99, "≤ 1.5", (v) => v <= 1.5),
    "errors (Keygate)": target(keygateErrors, "0", (v) => v === 0),
    "malformed / key path (req/s)": target(refusedMalformed.keygate.rps / thousand.keygate.rps, "≥ 5", (v) => v >= 5),
    "malformed: table scans": target(malformedWork.scans, "0", (v) => v === 0),
    "1M keys / 1k keys (req/s)": target(million.keygate.rps / thousand.keygate.rps, "≥ 0.95", (v) => v >= 0.95),
    "peak RSS (MB)": target(memory.peak, "< 250", (v) => v < 250),
  };

  console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per run, median of ${ROUNDS} rounds, loopback\n`);
  printTable(rows);
  console.log("");
  for (const [name, work] of Object.entries({ "malformed key": malformedWork, "unknown key": unknownWork })) {
    console.log(`${name} on Keygate: ${describeWork(work)}`);
  }
  console.log(`Keygate server memory: peak ${memory.peak} MB, at the end ${memory.current} MB`);
  printTargets(targets);
  if (profile) printSummary(profile);

  writeFileSync(
    join(import.meta.dirname, "results.json"),
    `${JSON.stringify(
      {
        settings: { connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS },
        scenarios: rows,
        databaseWork: {
          malformed: { requests: malformedWork.result.requests, ...workOf(malformedWork) },
          unknown: { requests: unknownWork.result.requests, ...workOf(unknownWork) },
        },
        memoryMb: memory,
        targets,
        ...(profile ? { profile } : {}),
      },
      null,
      2,
    )}\n`,
  );
  const errors = [...rows.map((r) => r.run), malformedWork.result, unknownWork.result].reduce(
    (sum, run) => sum + run.errors,
    0,
  );
  if (errors > 0) {
    console.error(`\n${errors} requests failed or got an unexpected status`);
    process.exitCode = 1;
  }
} finally {
  finished = true;
  await floor.stop();
  await client.end();
  await bench.stop();
}
