// `pnpm heap`: is the server's memory growth under load a leak, or heap and allocator memory that
// is kept rather than given back to the system? The built server on a fresh Postgres database,
// loopback only, with bench/heap-snapshotter.mjs preloaded; the soak's mix (bench/mix.ts) at 64
// connections, in rounds of 2,000 requests:
//
//   warm-up (HEAP_WARM_UP_SECONDS, default 10) · 10 s idle · point A
//   load 1 (HEAP_LOAD_SECONDS, default 40)     · 10 s idle · point B
//   load 2 (as many requests as load 1)        · 10 s idle · point C
//
// At each point the server records resident memory (/proc/self/status) and the V8 heap, collects
// garbage, and records them again. This runs twice on the same database: first without snapshots,
// for resident memory (a snapshot leaves a few hundred MB of the profiler's own memory in the
// process), then on a new server with a heap snapshot at each point, in a temporary directory (not
// the repository), with the same numbers of requests. The snapshots are grouped by constructor
// (bench/heap-snapshot.ts) and compared: what grew A→B and B→C, and how much of what load 1
// allocated is still alive at C. Writes bench/heap-results.json; exits 1 on a 5xx.
// HEAP_KEEP_SNAPSHOTS=1 keeps the snapshots (for DevTools' Memory tab); they are deleted otherwise.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type Growth,
  growth,
  type IdWindow,
  mb,
  printGroups,
  printGrowth,
  readSnapshot,
  type Summary,
  stringHolders,
  summarise,
  topGroups,
} from "./heap-snapshot";
import { createWebsiteKey, type MixCounts, mixedRound, newMixCounts, serverHeapUsedMb } from "./mix";
import { memoryMb } from "./proc";
import { type Bench, startBench, startBenchServer } from "./setup";

const WARM_UP_SECONDS = Number(process.env.HEAP_WARM_UP_SECONDS ?? 10);
const LOAD_SECONDS = Number(process.env.HEAP_LOAD_SECONDS ?? 40);
const IDLE_SECONDS = 10;
const CONNECTIONS = 64;
/** Small rounds, so a load stops close to its time; each waits for every answer. */
const ROUND_REQUESTS = 2_000;
/** A bound on any one load, whatever the machine's speed. */
const MAX_ROUNDS = 60;
const PRELOAD = join(import.meta.dirname, "heap-snapshotter.mjs");
const KEEP = process.env.HEAP_KEEP_SNAPSHOTS === "1";

/** What the preload writes beside each snapshot (MB). */
interface Figures {
  rss: number;
  rssAnon: number;
  rssFile: number;
  hwm: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  mallocedByV8: number;
  spaces: Record<string, { size: number; used: number }>;
}
interface SnapshotFigures {
  /** The snapshot, when one was taken. */
  file: string | null;
  beforeGc: Figures;
  afterGc: Figures;
  afterSnapshot: Figures | null;
  snapshotMs: number;
}

interface LoadRun {
  requests: number;
  seconds: number;
  rounds: number;
}
interface Standing {
  rssMb: number;
  heapUsedMb: number;
}
interface Phase {
  warmUp: LoadRun;
  loads: LoadRun[];
  endOfLoad: Standing[];
  points: Record<"A" | "B" | "C", SnapshotFigures>;
  rssTimeline: { second: number; rssMb: number }[];
}

const dir = mkdtempSync(join(tmpdir(), "keygate-heap-"));
const serverEnv = (snapshots: boolean) => {
  const out = join(dir, snapshots ? "snapshots" : "control");
  mkdirSync(out);
  return {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${PRELOAD}`.trim(),
    BENCH_HEAP_SNAPSHOT_DIR: out,
    BENCH_HEAP_SNAPSHOTS: snapshots ? "1" : "0",
  };
};
const counts: MixCounts = newMixCounts();
const startedAt = Date.now();
const elapsed = () => String(Math.round((Date.now() - startedAt) / 1000)).padStart(4);
const idle = () => sleep(IDLE_SECONDS * 1000);

/**
 * Warm-up, two loads and the three points on one server. Loads run for their time, or, given a
 * number of rounds, that many (within three times their time); never more than MAX_ROUNDS.
 */
async function phase(
  bench: Bench,
  key: string,
  label: string,
  out: string,
  rounds?: { warmUp: number; load: number },
): Promise<Phase> {
  const pid = bench.server.process.pid as number;
  const rssTimeline: Phase["rssTimeline"] = [];
  let points = 0;

  const point = async (name: string): Promise<SnapshotFigures> => {
    points += 1;
    const json = join(out, `${points}.json`);
    process.kill(pid, "SIGUSR2");
    for (let waited = 0; !existsSync(json); waited += 200) {
      if (waited > 180_000) throw new Error(`no figures written to ${json}`);
      await sleep(200);
    }
    const figures = JSON.parse(readFileSync(json, "utf8")) as SnapshotFigures;
    const file = figures.file
      ? `; snapshot ${Math.round(statSync(figures.file).size / 1024 / 1024)} MB in ${figures.snapshotMs} ms`
      : "";
    console.log(
      `${elapsed()} s  ${label} ${name}: RSS ${figures.beforeGc.rss} MB, heap used ${figures.beforeGc.heapUsed} MB; ` +
        `after collecting ${figures.afterGc.heapUsed} MB (RSS ${figures.afterGc.rss} MB)${file}`,
    );
    return figures;
  };

  const load = async (name: string, seconds: number, count?: number): Promise<LoadRun> => {
    const started = Date.now();
    const limitMs = (count === undefined ? 1 : 3) * seconds * 1000;
    let done = 0;
    const sampler = setInterval(
      () => rssTimeline.push({ second: Math.round((Date.now() - startedAt) / 1000), rssMb: memoryMb(pid).current }),
      5_000,
    );
    try {
      while (done < Math.min(count ?? MAX_ROUNDS, MAX_ROUNDS) && Date.now() - started < limitMs) {
        await mixedRound(bench, key, counts, { connections: CONNECTIONS, amount: ROUND_REQUESTS });
        done++;
      }
    } finally {
      clearInterval(sampler);
    }
    const run = {
      requests: done * ROUND_REQUESTS,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      rounds: done,
    };
    console.log(`${elapsed()} s  ${label} ${name}: ${run.requests} requests in ${run.seconds} s`);
    return run;
  };

  const standing = async (): Promise<Standing> => ({
    rssMb: memoryMb(pid).current,
    heapUsedMb: await serverHeapUsedMb(bench.baseUrl),
  });

  const warmUp = await load("warm-up", WARM_UP_SECONDS, rounds?.warmUp);
  await idle();
  const A = await point("A");
  const load1 = await load("load 1", LOAD_SECONDS, rounds?.load);
  const end1 = await standing();
  await idle();
  const B = await point("B");
  const load2 = await load("load 2", LOAD_SECONDS, load1.rounds);
  const end2 = await standing();
  await idle();
  const C = await point("C");
  return { warmUp, loads: [load1, load2], endOfLoad: [end1, end2], points: { A, B, C }, rssTimeline };
}

const controlEnv = serverEnv(false);
const bench = await startBench(controlEnv);
let control: Phase;
let measured: Phase;
try {
  const key = await createWebsiteKey(bench, "heap");
  control = await phase(bench, key, "without snapshots:", controlEnv.BENCH_HEAP_SNAPSHOT_DIR);
  await bench.server.stop();
  const snapshotEnv = serverEnv(true);
  const server = await startBenchServer(bench.databaseUrl, snapshotEnv);
  const again = { ...bench, server, baseUrl: server.baseUrl };
  try {
    measured = await phase(again, key, "with snapshots:", snapshotEnv.BENCH_HEAP_SNAPSHOT_DIR, {
      warmUp: control.warmUp.rounds,
      load: control.loads[0]?.rounds ?? 1,
    });
  } finally {
    await server.stop();
  }
} catch (error) {
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
  throw error;
} finally {
  await bench.stop();
}

// The servers are gone: read the snapshots one at a time (each takes a while and some memory).
console.log(`\nreading the snapshots in ${dir} …`);
const { A, B, C } = measured.points;
const stringsHeld = new Map<Summary, ReturnType<typeof stringHolders>>();
const analyse = (f: SnapshotFigures, windows: IdWindow[] = []) => {
  const raw = readSnapshot(f.file as string);
  const summary = summarise(raw, windows);
  stringsHeld.set(summary, stringHolders(raw));
  return summary;
};
const sumA = analyse(A);
const sumB = analyse(B, [{ after: sumA.maxId, upTo: Number.MAX_SAFE_INTEGER }]);
const sumC = analyse(C, [
  { after: sumA.maxId, upTo: sumB.maxId },
  { after: sumB.maxId, upTo: Number.MAX_SAFE_INTEGER },
]);
if (!KEEP) rmSync(dir, { recursive: true, force: true });

const round2 = (v: number) => Math.round(v * 100) / 100;
const groupMb = (g: { name: string; count: number; selfSize: number; retainedSize?: number }) => ({
  name: g.name,
  count: g.count,
  selfMb: mb(g.selfSize),
  ...(g.retainedSize === undefined ? {} : { retainedMb: mb(g.retainedSize) }),
});
const growthMb = (g: Growth) => ({
  name: g.name,
  count: g.count,
  selfMb: mb(g.selfSize),
  retainedMb: mb(g.retainedSize),
});
/** Containers that retain everything (the root, the global object, the roots' lists) say nothing. */
const telling = (s: Summary) => ({
  ...s,
  groups: s.groups.filter((g) => !["(synthetic)", "global", "(system)"].includes(g.name)),
});
/** Resident memory and heap at one point, as the server read them (MB). */
const figures = (f: SnapshotFigures) => ({
  rssMb: f.beforeGc.rss,
  rssAnonMb: f.beforeGc.rssAnon,
  rssFileMb: f.beforeGc.rssFile,
  heapUsedMb: f.beforeGc.heapUsed,
  heapTotalMb: f.beforeGc.heapTotal,
  externalMb: f.beforeGc.external,
  afterCollecting: {
    rssMb: f.afterGc.rss,
    rssAnonMb: f.afterGc.rssAnon,
    heapUsedMb: f.afterGc.heapUsed,
    heapTotalMb: f.afterGc.heapTotal,
    externalMb: f.afterGc.external,
    spaces: f.afterGc.spaces,
  },
  ...(f.afterSnapshot ? { rssAfterSnapshotMb: f.afterSnapshot.rss, snapshotMs: f.snapshotMs } : {}),
});
const snapshotOf = (summary: Summary) => ({
  objects: summary.nodes,
  liveMb: mb(summary.totalSize),
  unreachableMb: mb(summary.unreachable.selfSize),
  stringsHeldByMb: Object.fromEntries(Object.entries(stringsHeld.get(summary) ?? {}).map(([k, v]) => [k, mb(v)])),
  topByRetained: topGroups(telling(summary), "retainedSize", 5).map(groupMb),
  topBySelf: topGroups(summary, "selfSize", 8).map(groupMb),
});

const liveAB = sumB.totalSize - sumA.totalSize;
const liveBC = sumC.totalSize - sumB.totalSize;
const newInB = sumB.windows[0];
const load1InC = sumC.windows[0];
const newInC = sumC.windows[1];
const requests2 = measured.loads[1]?.requests ?? 0;
// A leak keeps what each load allocates: the live heap climbs from B to C as it did from A to B,
// and what load 1 left at B is still there at C. Within 2 % of B (or 2 MB) is flat.
const threshold = Math.max(2 * 1024 * 1024, 0.02 * sumB.totalSize);
const leak = liveBC > threshold;
const rss = {
  A: control.points.A.beforeGc.rss,
  B: control.points.B.beforeGc.rss,
  C: control.points.C.beforeGc.rss,
};
const rssCollected = {
  A: control.points.A.afterGc.rss,
  B: control.points.B.afterGc.rss,
  C: control.points.C.afterGc.rss,
};
const heapC = control.points.C.afterGc;
const verdict = leak
  ? `leak: the live heap grew ${mb(liveBC)} MB from B to C (${round2((mb(liveBC) / Math.max(1, requests2)) * 10_000)} MB per 10,000 requests)`
  : `no leak: the live heap is flat from B to C (${mb(liveBC) >= 0 ? "+" : ""}${mb(liveBC)} MB, ` +
    `${mb(load1InC?.selfSize ?? 0)} MB of load 1's objects left at C); resident memory went ${rss.A} → ${rss.B} → ${rss.C} MB ` +
    `and back to ${rssCollected.A} → ${rssCollected.B} → ${rssCollected.C} MB after a full collection ` +
    `(${heapC.heapUsed} MB of heap in use, ${heapC.heapTotal} MB committed): garbage not yet collected, not a leak`;

const result = {
  note: "Shared 2-core machine: timings are noisy; memory figures much less so.",
  settings: {
    connections: CONNECTIONS,
    warmUpSeconds: WARM_UP_SECONDS,
    loadSeconds: LOAD_SECONDS,
    idleSeconds: IDLE_SECONDS,
    roundRequests: ROUND_REQUESTS,
    mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null,
  },
  status5xx: counts.status5xx,
  otherNon2xx: Object.fromEntries(counts.other),
  pageviewsAccepted: counts.writesAccepted,
  withoutSnapshots: {
    warmUp: control.warmUp,
    loads: control.loads,
    points: {
      A: figures(control.points.A),
      endOfLoad1: control.endOfLoad[0],
      B: figures(control.points.B),
      endOfLoad2: control.endOfLoad[1],
      C: figures(control.points.C),
    },
    rssTimeline: control.rssTimeline,
  },
  withSnapshots: {
    warmUp: measured.warmUp,
    loads: measured.loads,
    points: {
      A: { ...figures(A), snapshot: snapshotOf(sumA) },
      endOfLoad1: measured.endOfLoad[0],
      B: { ...figures(B), snapshot: snapshotOf(sumB) },
      endOfLoad2: measured.endOfLoad[1],
      C: { ...figures(C), snapshot: snapshotOf(sumC) },
    },
    rssTimeline: measured.rssTimeline,
  },
  growth: {
    liveHeapMb: { AtoB: mb(liveAB), BtoC: mb(liveBC) },
    rssWithoutSnapshotsMb: { AtoB: rss.B - rss.A, BtoC: rss.C - rss.B },
    rssWithoutSnapshotsAfterCollectingMb: {
      AtoB: rssCollected.B - rssCollected.A,
      BtoC: rssCollected.C - rssCollected.B,
    },
    AtoB: growth(sumA, sumB, 10).map(growthMb),
    BtoC: growth(sumB, sumC, 10).map(growthMb),
  },
  objectsByAge: {
    newSinceAInB: {
      count: newInB?.count,
      selfMb: mb(newInB?.selfSize ?? 0),
      top: newInB?.groups.slice(0, 8).map(groupMb),
    },
    fromLoad1StillInC: {
      count: load1InC?.count,
      selfMb: mb(load1InC?.selfSize ?? 0),
      top: load1InC?.groups.slice(0, 8).map(groupMb),
    },
    newSinceBInC: {
      count: newInC?.count,
      selfMb: mb(newInC?.selfSize ?? 0),
      top: newInC?.groups.slice(0, 8).map(groupMb),
    },
  },
  verdict: { leak, summary: verdict },
  snapshots: KEEP ? join(dir, "snapshots") : "deleted (HEAP_KEEP_SNAPSHOTS=1 keeps them)",
};

for (const [name, summary] of [
  ["A", sumA],
  ["B", sumB],
  ["C", sumC],
] as const) {
  printGroups(
    `snapshot ${name}: ${summary.nodes} objects, ${mb(summary.totalSize)} MB live — top groups by retained size`,
    topGroups(telling(summary), "retainedSize", 8),
  );
}
printGrowth("growth A → B (live objects, by own size)", growth(sumA, sumB, 10));
printGrowth("growth B → C (live objects, by own size)", growth(sumB, sumC, 10));
console.log(
  `\nallocated after A and alive at B: ${newInB?.count} objects, ${mb(newInB?.selfSize ?? 0)} MB; ` +
    `still alive at C: ${load1InC?.count} objects, ${mb(load1InC?.selfSize ?? 0)} MB; ` +
    `new since B at C: ${newInC?.count} objects, ${mb(newInC?.selfSize ?? 0)} MB`,
);
console.log(
  "\nwithout snapshots   RSS MB  heap used MB   after collecting: RSS MB  heap used MB   live in snapshot MB",
);
for (const name of ["A", "B", "C"] as const) {
  const f = control.points[name];
  const summary = { A: sumA, B: sumB, C: sumC }[name];
  const held = stringsHeld.get(summary);
  console.log(
    `point ${name}${String(f.beforeGc.rss).padStart(19)}${String(f.beforeGc.heapUsed).padStart(14)}` +
      `${String(f.afterGc.rss).padStart(26)}${String(f.afterGc.heapUsed).padStart(14)}${String(mb(summary.totalSize)).padStart(22)}` +
      (held ? `   (strings: ${mb(held.scriptSource)} MB script source, ${mb(held.sourceMaps)} MB source maps)` : ""),
  );
}
console.log(`\n${verdict}`);
writeFileSync(new URL("./heap-results.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
if (KEEP) console.log(`snapshots kept in ${join(dir, "snapshots")}`);
process.exitCode = counts.status5xx === 0 ? 0 : 1;
