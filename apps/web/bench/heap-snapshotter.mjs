// Preloaded into a bench server (NODE_OPTIONS=--import) when BENCH_HEAP_SNAPSHOT_DIR is set: each
// SIGUSR2 reads the process's memory, collects garbage (V8's full collection through node:inspector,
// three times, a second apart, so that FinalizationRegistry callbacks run and what they held goes
// too), reads it again, writes a heap snapshot <dir>/<n>.heapsnapshot (n = 1, 2, …; not with
// BENCH_HEAP_SNAPSHOTS=0) and then <dir>/<n>.json with the figures — last, so a bench that sees the
// JSON knows the snapshot is complete.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";
import v8 from "node:v8";

const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR;

/** Resident memory from /proc/self/status (kB → MB): all of it, anonymous (heaps) and file-backed (code). */
function resident() {
  const status = readFileSync("/proc/self/status", "utf8");
  const mb = (field) => Math.round(Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]) / 1024);
  return { rss: mb("VmRSS"), rssAnon: mb("RssAnon"), rssFile: mb("RssFile"), hwm: mb("VmHWM") };
}

function figures() {
  const usage = process.memoryUsage();
  const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const heap = v8.getHeapStatistics();
  return {
    ...resident(),
    heapUsed: mb(usage.heapUsed),
    heapTotal: mb(usage.heapTotal),
    external: mb(usage.external),
    arrayBuffers: mb(usage.arrayBuffers),
    mallocedByV8: mb(heap.malloced_memory),
    // Per V8 space: how much is committed and how much of it is in use.
    spaces: Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: mb(s.space_size), used: mb(s.space_used_size) }]),
    ),
  };
}

if (dir) {
  const session = new Session();
  session.connect();
  const collect = () =>
    new Promise((resolve, reject) =>
      session.post("HeapProfiler.collectGarbage", (error) => (error ? reject(error) : resolve())),
    );
  const pause = () => new Promise((resolve) => setTimeout(resolve, 1000));
  let count = 0;
  process.on("SIGUSR2", async () => {
    count += 1;
    const n = count;
    const beforeGc = figures();
    await collect();
    await pause();
    await collect();
    await pause();
    await collect();
    const afterGc = figures();
    let file = null;
    let afterSnapshot = null;
    const started = Date.now();
    if (process.env.BENCH_HEAP_SNAPSHOTS !== "0") {
      file = join(dir, `${n}.heapsnapshot`);
      v8.writeHeapSnapshot(file);
      afterSnapshot = figures();
    }
    const json = join(dir, `${n}.json`);
    writeFileSync(
      `${json}.partial`,
      JSON.stringify({ file, beforeGc, afterGc, afterSnapshot, snapshotMs: Date.now() - started }),
    );
    renameSync(`${json}.partial`, json);
  });
}
