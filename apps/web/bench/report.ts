// The REST bench's report: the table printed after a run, and the targets it is read against.
import type { Run } from "./load";

export interface Row {
  scenario: string;
  server: "floor" | "keygate";
  run: Run;
  /** Keygate's rate over the floor's in the same scenario, when there is a floor. */
  ratio?: number;
}

export interface Target {
  value: number;
  target: string;
  met: boolean;
}

const number = (value: number) => Math.round(value).toLocaleString("en");

export function printTable(rows: Row[]) {
  const header = ["scenario", "server", "req/s", "p50 ms", "p99 ms", "errors", "ratio"];
  const cells = rows.map((row) => [
    row.scenario,
    row.server,
    number(row.run.rps),
    String(row.run.p50),
    String(row.run.p99),
    String(row.run.errors),
    row.ratio === undefined ? "" : `${row.ratio.toFixed(2)}× floor`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const line = (values: string[]) =>
    values.map((value, i) => (i < 2 ? value.padEnd(widths[i] ?? 0) : value.padStart(widths[i] ?? 0))).join("  ");
  console.log(line(header));
  for (const values of cells) console.log(line(values));
}

export function printTargets(targets: Record<string, Target>) {
  console.log("\nTargets");
  for (const [name, { value, target, met }] of Object.entries(targets)) {
    console.log(`  ${met ? "met  " : "unmet"}  ${name.padEnd(34)} ${String(value).padStart(8)}  (target ${target})`);
  }
}

const round = (value: number) => Math.round(value * 100) / 100;

export function target(value: number, target: string, met: (value: number) => boolean): Target {
  return { value: round(value), target, met: met(value) };
}
