// Preloaded into a bench server (NODE_OPTIONS=--import) when BENCH_CPU_PROFILE_DIR is set: the
// first SIGUSR2 starts V8's CPU profiler (the one behind --cpu-prof), the next one writes
// <dir>/<pid>.cpuprofile, so a profile covers exactly one load window.
import { renameSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

const dir = process.env.BENCH_CPU_PROFILE_DIR;

if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.enable", () => session.post("Profiler.start"));
      return;
    }
    running = false;
    session.post("Profiler.stop", (error, result) => {
      if (error) throw error;
      // Renamed once complete, so the bench never reads half a file.
      const file = join(dir, `${process.pid}.cpuprofile`);
      writeFileSync(`${file}.partial`, JSON.stringify(result.profile));
      renameSync(`${file}.partial`, file);
    });
  });
}
