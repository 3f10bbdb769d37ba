// What a bench reads about the server process from /proc (Linux): its memory.
import { readFileSync } from "node:fs";

/** Peak (VmHWM) and current (VmRSS) resident memory of a process, in MB. */
export function memoryMb(pid: number): { peak: number; current: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { peak: Math.round(kb("VmHWM") / 1024), current: Math.round(kb("VmRSS") / 1024) };
}
