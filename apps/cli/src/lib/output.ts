// What reaches stdout: JSON for scripts (`--json`), tables for people, the raw secret alone for
// `--quiet`. Notes and warnings go to stderr so a pipe only ever sees data.
import Table from "cli-table3";
import type { Context } from "../context";

export type Row = Record<string, unknown>;

const MAX_CELL = 60;

export function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value) && value.every((item) => typeof item !== "object" || item === null)) {
    return value.join(", ");
  }
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

const NO_BORDERS = Object.fromEntries(
  ["top", "top-mid", "top-left", "top-right", "bottom", "bottom-mid", "bottom-left", "bottom-right"]
    .concat(["left", "left-mid", "mid", "mid-mid", "right", "right-mid", "middle"])
    .map((name) => [name, ""]),
);

function newTable(head?: string[]) {
  // Plain aligned columns, no colours: the same bytes on a terminal or in a pipe, easy to grep and cut.
  return new Table({
    ...(head ? { head } : {}),
    chars: NO_BORDERS,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 2 },
  });
}

const render = (table: { toString(): string }) => table.toString().replace(/ +$/gm, "");

export function write(ctx: Context, text: string): void {
  ctx.io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

export function note(ctx: Context, text: string): void {
  ctx.io.stderr.write(`${text}\n`);
}

export function printJson(ctx: Context, value: unknown): void {
  write(ctx, JSON.stringify(value, null, 2));
}

const isPlainObject = (value: unknown): value is Row =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Nested objects become `parent.child` entries, so a table cell never holds JSON. */
export function flatten(record: Row, prefix = ""): Row {
  const flat: Row = {};
  for (const [key, value] of Object.entries(record)) {
    if (isPlainObject(value) && Object.keys(value).length > 0) Object.assign(flat, flatten(value, `${prefix}${key}.`));
    else flat[`${prefix}${key}`] = value;
  }
  return flat;
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === "";

/** Rows as a table; the columns are the given ones, or every (flattened) key some row has a value for. */
export function printTable(ctx: Context, rows: Row[], columns?: string[]): void {
  if (rows.length === 0) {
    write(ctx, "No results.");
    return;
  }
  const flat = rows.map((row) => flatten(row));
  const keys =
    columns ??
    [...new Set(flat.flatMap((row) => Object.keys(row)))].filter((key) => flat.some((row) => !isEmpty(row[key])));
  const table = newTable(keys);
  for (const row of flat) table.push(keys.map((key) => cell(row[key])));
  write(ctx, render(table));
}

/** One object as `key | value` lines. */
export function printRecord(ctx: Context, record: Row): void {
  const table = newTable();
  for (const [key, value] of Object.entries(record)) table.push([key, cell(value)]);
  write(ctx, render(table));
}

/** `--json`: the value as is; otherwise the human rendering. */
export function emit(ctx: Context, value: unknown, human: () => void): void {
  if (ctx.json) printJson(ctx, value);
  else human();
}

/** A secret shown once: alone with `--quiet` (for `KEY=$(…)`), else with a warning on stderr. */
export function emitSecret(
  ctx: Context,
  { quiet, secret, record, json }: { quiet?: boolean; secret: string; record: Row; json: unknown },
): void {
  if (quiet) {
    write(ctx, secret);
    return;
  }
  emit(ctx, json, () => {
    printRecord(ctx, Object.fromEntries(Object.entries(record).filter(([key]) => key !== "key")));
    write(ctx, secret);
  });
  note(ctx, "Shown once: store it now (a secret manager, your CI's secrets); it cannot be displayed again.");
}

/** An object reply (a visitor, a funnel's steps, the realtime map): its scalars as a record, then
 * each list of objects as its own titled table. */
export function printObject(ctx: Context, value: Row, columns: Record<string, string[]> = {}): void {
  const lists = Object.entries(value).filter(
    ([, item]) => Array.isArray(item) && item.length > 0 && item.every(isPlainObject),
  );
  const listKeys = new Set(lists.map(([key]) => key));
  const scalars = Object.fromEntries(
    Object.entries(flatten(Object.fromEntries(Object.entries(value).filter(([key]) => !listKeys.has(key))))).filter(
      ([, item]) => !isEmpty(item) && !(Array.isArray(item) && item.length === 0),
    ),
  );
  if (Object.keys(scalars).length > 0) printRecord(ctx, scalars);
  for (const [key, rows] of lists) {
    write(ctx, `\n${key}:`);
    printTable(ctx, rows as Row[], columns[key]);
  }
}
