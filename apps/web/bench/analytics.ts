// `pnpm bench` (second part): collection throughput (events accepted per second) and Website API
// read latency at 100k and 1M events of one website, on the built server and a fresh Postgres
// database, over loopback, bounded in time and count. Writes bench/analytics-results.json.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { BROWSER_UA, pageviewBody, startBench } from "./setup";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 32;
const READS = 15;

const bench = await startBench();
const { baseUrl, token, websiteId, trackingId } = bench;
const client = new pg.Client({ connectionString: bench.databaseUrl });
await client.connect();

/**
 * Fills the website with `sessions` more sessions of 4 events each (3 pageviews, 1 goal), spread
 * over 90 days, in the shapes the store writes — straight in SQL, since a million events through
 * HTTP would take the whole time budget. Their ids are the numbers from+1 … from+sessions in hex; the
 * sessions collection opened (real ObjectIds, which sort after them) are left alone.
 */
async function fill(websiteId: string, from: number, sessions: number) {
  await client.query(
    `INSERT INTO "AnalyticsSession" ("id", "websiteId", "visitorId", "sessionKey", "visitNumber", "startedAt", "endedAt",
       "pageviews", "events", "hostname", "entryPath", "exitPath", "referrerName", "countryCode", "browser", "os", "device")
     SELECT lpad(to_hex(i), 24, '0'), $1, md5('v' || (i % ($3 * 7 / 10 + 1)))::uuid::text, 's' || md5('s' || i)::uuid, 1,
            t, t + make_interval(secs => (i % 600)), 3, 4, 'bench.example.com', '/', '/pricing',
            (ARRAY['Google', 'Direct/None', 'X', 'github.com'])[1 + i % 4], (ARRAY['US', 'FR', 'DE', 'GB', 'IN'])[1 + i % 5],
            (ARRAY['Chrome', 'Safari', 'Firefox'])[1 + i % 3], (ARRAY['Windows', 'Mac OS', 'iOS'])[1 + i % 3],
            (ARRAY['desktop', 'mobile'])[1 + i % 2]
     FROM generate_series($2::int + 1, $2::int + $3::int) i,
          LATERAL (SELECT (now() AT TIME ZONE 'UTC') - make_interval(secs => (i * 7919) % (90 * 86400)) AS t) x`,
    [websiteId, from, sessions],
  );
  await client.query(
    `INSERT INTO "AnalyticsEvent" ("id", "websiteId", "sessionId", "visitorId", "type", "name", "hostname", "path", "origin", "createdAt")
     SELECT lpad(to_hex(s.n * 4 + k), 24, '0'), s."websiteId", s."id", s."visitorId",
            CASE WHEN k = 3 THEN 'custom' ELSE 'pageview' END, CASE WHEN k = 3 THEN 'signup' END,
            s."hostname", (ARRAY['/', '/docs', '/pricing', '/pricing'])[k + 1], 'script', s."startedAt" + make_interval(secs => k)
     FROM (SELECT *, ('x' || right("id", 15))::bit(60)::bigint AS n FROM "AnalyticsSession"
           WHERE "websiteId" = $1 AND "id" > lpad(to_hex($2::int), 24, '0') AND "id" <= lpad(to_hex($2::int + $3::int), 24, '0')) s,
          generate_series(0, 3) k`,
    [websiteId, from, sessions],
  );
  await client.query(`ANALYZE "AnalyticsSession"; ANALYZE "AnalyticsEvent"`);
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

try {
  // Collection: every request a new visitor and session, so each one opens a session (the costlier path).
  const collection = await autocannon({
    url: `${baseUrl}/api/events`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": BROWSER_UA,
    },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: pageviewBody(
            trackingId,
            "https://bench.example.com/pricing?utm_source=bench",
            "https://www.google.com/",
          ),
        }),
      },
    ],
  });
  const stored = Number((await client.query(`SELECT count(*) FROM "AnalyticsEvent"`)).rows[0].count);
  await client.query(`DELETE FROM "AnalyticsEvent"; DELETE FROM "AnalyticsSession"`);

  const reads = {
    "overview, all time": "/analytics/overview",
    "overview, last 30 days": `/analytics/overview?startAt=${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)}&endAt=${new Date().toISOString().slice(0, 10)}`,
    "overview, filter_country=US": "/analytics/overview?filter_country=US",
    "timeseries, day, 30 days": "/analytics/timeseries?interval=day&fields=visitors,sessions,revenue",
    "pages breakdown, all time": "/analytics/pages?limit=10",
  };
  const latency: Record<string, Record<string, number>> = {};
  let filled = 0;
  for (const events of [100_000, 1_000_000]) {
    const started = performance.now();
    await fill(websiteId, filled / 4, (events - filled) / 4);
    filled = events;
    console.log(
      `filled ${events.toLocaleString("en")} events in ${Math.round((performance.now() - started) / 1000)} s`,
    );
    for (const [name, path] of Object.entries(reads)) {
      const times: number[] = [];
      for (let i = 0; i < READS; i++) {
        const t0 = performance.now();
        const url = `${baseUrl}/api/v1${path}${path.includes("?") ? "&" : "?"}websiteId=${websiteId}`;
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body}`);
        times.push(performance.now() - t0);
      }
      latency[name] = { ...latency[name], [events]: Math.round(median(times)) };
    }
  }

  const summary = {
    collection: {
      eventsPerSecond: Math.round(collection.requests.average),
      p50: collection.latency.p50,
      p99: collection.latency.p99,
      errors: collection.errors + collection.non2xx,
      stored,
    },
    medianLatencyMs: latency,
  };
  console.log(`\nCollection (${CONNECTIONS} connections, ${DURATION_S} s, a new session per event)`);
  console.log(
    `  ${summary.collection.eventsPerSecond} events/s  p50 ${summary.collection.p50} ms  p99 ${summary.collection.p99} ms  errors ${summary.collection.errors}  stored ${stored}`,
  );
  console.log(`\nWebsite API reads, median of ${READS} sequential requests (ms)`);
  console.log(`  ${"".padEnd(30)} ${"100k".padStart(8)} ${"1M".padStart(8)}   growth`);
  for (const [name, byEvents] of Object.entries(latency)) {
    const small = byEvents[100_000] ?? 0;
    const large = byEvents[1_000_000] ?? 0;
    console.log(
      `  ${name.padEnd(30)} ${String(small).padStart(8)} ${String(large).padStart(8)}   ${(large / Math.max(small, 1)).toFixed(1)}×`,
    );
  }
  writeFileSync(join(import.meta.dirname, "analytics-results.json"), `${JSON.stringify(summary, null, 2)}\n`);
} finally {
  await client.end();
  await bench.stop();
}
