// Glue between commander and a command body: builds the run's Context from the parsed flags
// (global ones included) and hands over the positional arguments.
import type { Command } from "commander";
import { Context, type GlobalOptions } from "../context";
import type { Io } from "../io";

export type Args = (string | undefined)[];

export function act<O extends object = Record<string, never>>(
  io: Io,
  body: (ctx: Context, args: Args, options: O & GlobalOptions) => Promise<void>,
) {
  return async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const options = command.optsWithGlobals<O & GlobalOptions>();
    await body(new Context(io, options), command.processedArgs as Args, options);
  };
}

/** Values of a repeatable flag (`--filter a=b --filter c=d`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `a,b, c` → ["a", "b", "c"]. */
export function commaList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}
