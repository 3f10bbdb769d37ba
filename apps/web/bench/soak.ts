// `pnpm soak`: a mixed read/write load on the built server for SOAK_SECONDS (default 300) at 64
// connections, loopback only, on a fresh Postgres database. It checks what a long run must keep:
// no 5xx, every accepted write stored exactly once, and resident memory flat after warm-up.
// Prints RSS every 10 s and a verdict; writes bench/soak-results.json. Exits 1 on a 5xx or a
// count mismatch (memory is reported, not enforced: it depends on the machine).
import { writeFileSync } from "node:fs";
import pg from "pg";
import { createWebsiteKey, mixedRound, newMixCounts, serverHeapUsedMb } from "./mix";
import { memoryMb } from "./proc";
import { startBench } from "./setup";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const WARM_UP_S = Math.min(60, Math.floor(SECONDS / 5));
const CONNECTIONS = 64;
const ROUND_REQUESTS = 8_000;

const bench = await startBench();
const { baseUrl, server } = bench;
const pid = server.process.pid as number;

const rssMb = () => memoryMb(pid).current;
const heapUsedMb = () => serverHeapUsedMb(baseUrl);

try {
  const key = await createWebsiteKey(bench, "soak");
  const counts = newMixCounts();
  const samples: { second: number; rssMb: number; heapUsedMb: number }[] = [];
  const startedAt = Date.now();
  const sampler = setInterval(async () => {
    const sample = {
      second: Math.round((Date.now() - startedAt) / 1000),
      rssMb: rssMb(),
      heapUsedMb: await heapUsedMb(),
    };
    samples.push(sample);
    console.log(`${String(sample.second).padStart(4)} s  RSS ${sample.rssMb} MB  heap used ${sample.heapUsedMb} MB`);
  }, 10_000);
  const before = rssMb();
  const heapBefore = await heapUsedMb();

  // Rounds of a fixed number of requests, each waiting for every answer, so that no write is in
  // flight when the counts are compared.
  const round = () => mixedRound(bench, key, counts, { connections: CONNECTIONS, amount: ROUND_REQUESTS });
  let rounds = 0;
  while (Date.now() - startedAt < SECONDS * 1000) {
    await round();
    rounds++;
  }
  clearInterval(sampler);
  const after = rssMb();
  const heapAfter = await heapUsedMb();
  await new Promise((resolve) => setTimeout(resolve, 15_000));
  const idle = rssMb();
  const heapIdle = await heapUsedMb();

  const client = new pg.Client({ connectionString: bench.databaseUrl });
  await client.connect();
  const stored = Number(
    (await client.query(`SELECT count(*) FROM "AnalyticsEvent" WHERE "path" = '/soak'`)).rows[0].count,
  );
  await client.end();

  const warm = samples.filter((s) => s.second >= WARM_UP_S).map((s) => s.rssMb);
  const warmStart = warm[0] ?? before;
  const peak = Math.max(...warm, after);
  const growth = (peak - warmStart) / warmStart;
  const result = {
    seconds: Math.round((Date.now() - startedAt) / 1000),
    requests: rounds * ROUND_REQUESTS,
    connections: CONNECTIONS,
    status5xx: counts.status5xx,
    otherNon2xx: Object.fromEntries(counts.other),
    writesAccepted: counts.writesAccepted,
    eventsStored: stored,
    rssMb: { atRest: before, afterWarmUp: warmStart, peak, endOfLoad: after, idle15s: idle },
    heapUsedMb: {
      atRest: heapBefore,
      peak: Math.max(...samples.map((s) => s.heapUsedMb)),
      endOfLoad: heapAfter,
      idle15s: heapIdle,
    },
    growthAfterWarmUp: Number(growth.toFixed(3)),
    checks: {
      no5xx: counts.status5xx === 0,
      everyWriteStoredOnce: stored === counts.writesAccepted,
      flatWithin10Percent: growth <= 0.1,
      under250Mb: peak < 250,
    },
  };
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(new URL("./soak-results.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = result.checks.no5xx && result.checks.everyWriteStoredOnce ? 0 : 1;
} finally {
  await bench.stop();
}
