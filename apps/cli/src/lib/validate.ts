// Input checked on this side with the API's own contracts, so a mistake costs no round trip and
// the error names the flag (`--excluded-ips`) rather than the body field (`excludedIps`).
import type { z } from "zod";
import { CliError } from "../errors";

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function flagFor(path: PropertyKey[], flags: Record<string, string>): string {
  const [first, ...rest] = path.map(String);
  if (first === undefined) return "(input)";
  return [flags[first] ?? `--${kebab(first)}`, ...rest].join(".");
}

/** `flags` names the flag of a field whose flag is not its kebab-case (`websiteIds` → `--websites`). */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  flags: Record<string, string> = {},
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: flagFor(issue.path, flags), message: issue.message }));
  throw CliError.usage("Invalid input", details);
}

/** Drops undefined values, so "flag not given" and "field absent" are the same thing. */
export function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
