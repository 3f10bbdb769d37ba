// BENCH_PROFILE=1: a second Keygate server on the bench database with bench/cpu-profiler.mjs
// preloaded, profiled during one run of the key path only (after a warm-up), then summarised.
// Node refuses --cpu-prof in NODE_OPTIONS, and the server is started as `tsx server.ts`; the
// preload drives the same V8 profiler through node:inspector instead.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type ProfileSummary, readProfile, summariseProfile } from "./cpu-profile";
import { load } from "./load";
import { startBenchServer } from "./setup";

const PRELOAD = join(import.meta.dirname, "cpu-profiler.mjs");

export async function profileKeyPath(
  databaseUrl: string,
  path: string,
  key: string,
  seconds: number,
): Promise<ProfileSummary & { file: string }> {
  const dir = mkdtempSync(join(tmpdir(), "keygate-profile-"));
  const server = await startBenchServer(databaseUrl, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${PRELOAD}`.trim(),
    BENCH_CPU_PROFILE_DIR: dir,
  });
  const pid = server.process.pid ?? 0;
  const file = join(dir, `${pid}.cpuprofile`);
  try {
    const endpoint = { url: `${server.baseUrl}${path}`, auth: key, status: 200 };
    await load(endpoint, Math.min(2, seconds));
    process.kill(pid, "SIGUSR2");
    const run = await load(endpoint, seconds);
    process.kill(pid, "SIGUSR2");
    if (run.errors > 0) throw new Error(`profiled key path: ${run.errors} errors`);
    for (let waited = 0; !existsSync(file); waited += 100) {
      if (waited > 30_000) throw new Error(`no CPU profile written to ${file}`);
      await sleep(100);
    }
  } finally {
    await server.stop();
  }
  console.log(`CPU profile of the key path: ${file}`);
  return { ...summariseProfile(readProfile(file)), file };
}
