// Summarises a V8 .cpuprofile (the format of node --cpu-prof): self time by module (npm package,
// node internal, or our own file) and by function.
// `tsx bench/cpu-profile.ts <file.cpuprofile>` prints the summary of a whole profile.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  /** Of the busy (non-idle) time in the window. */
  percent: number;
}
export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  modules: Share[];
  functions: Share[];
}

/** Where a function lives: an npm package, a node internal, one of our files, or a V8 category. */
export function moduleOf({ url, functionName }: CallFrame): string {
  if (!url) return functionName;
  // node:internal/deps/undici is Node's fetch (Request, Response, Headers): keep the dependency's name.
  if (url.startsWith("node:"))
    return url
      .split("/")
      .slice(0, url.startsWith("node:internal/deps/") ? 3 : 2)
      .join("/");
  const path = decodeURIComponent(url.replace(/^file:\/\//, ""));
  const inPackage = path.lastIndexOf("/node_modules/");
  if (inPackage >= 0) {
    const [scope, name] = path.slice(inPackage + "/node_modules/".length).split("/");
    return scope?.startsWith("@") ? `${scope}/${name}` : (scope ?? path);
  }
  return /\/((?:apps|packages)\/.*)$/.exec(path)?.[1] ?? path;
}

function functionOf(frame: CallFrame): string {
  const where = frame.url ? ` ${moduleOf(frame).split("/").pop()}:${frame.lineNumber + 1}` : "";
  return `${frame.functionName || "(anonymous)"}${where}`;
}

/**
 * A sample's frame, and the frame its time is charged to: native code (a syscall, a crypto job,
 * a builtin) to the JavaScript function that called it; V8's own categories ("(garbage collector)")
 * to themselves.
 */
function chargedFrames(profile: CpuProfile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const charged = new Map<number, { module: string; fn: string; idle: boolean }>();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    let caller: CallFrame | undefined = frame;
    for (let id = node.id; caller && !caller.url && !caller.functionName.startsWith("("); ) {
      id = parents.get(id) ?? -1;
      caller = nodes.get(id)?.callFrame;
    }
    const own = functionOf(frame);
    charged.set(node.id, {
      idle: frame.functionName === "(idle)",
      module: caller ? moduleOf(caller) : own,
      fn: caller && caller !== frame ? `${own} (native) ← ${functionOf(caller)}` : own,
    });
  }
  return charged;
}

function top(totals: Map<string, number>, busy: number, count: number): Share[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: Math.round(us / 1000), percent: Math.round((1000 * us) / busy) / 10 }));
}

/** The `count` largest shares of self time, by module and by function. */
export function summariseProfile(profile: CpuProfile, count = 12): ProfileSummary {
  const charged = chargedFrames(profile);
  const modules = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    // A sample stands for the time until the next one.
    const span = profile.timeDeltas[i + 1] ?? 0;
    const frame = charged.get(id);
    if (!frame) return;
    if (frame.idle) {
      idle += span;
      return;
    }
    busy += span;
    modules.set(frame.module, (modules.get(frame.module) ?? 0) + span);
    functions.set(frame.fn, (functions.get(frame.fn) ?? 0) + span);
  });
  return {
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    modules: top(modules, busy, count),
    functions: top(functions, busy, count),
  };
}

export function readProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
}

export function printSummary(summary: ProfileSummary) {
  console.log(`\nCPU profile: ${summary.busyMs} ms busy, ${summary.idleMs} ms idle. Self time by module:`);
  for (const m of summary.modules) console.log(`  ${`${m.percent}%`.padStart(6)}  ${m.name}`);
  console.log("By function:");
  for (const f of summary.functions) console.log(`  ${`${f.percent}%`.padStart(6)}  ${f.name}`);
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: tsx bench/cpu-profile.ts <file.cpuprofile>");
  printSummary(summariseProfile(readProfile(file)));
}
