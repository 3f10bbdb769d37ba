// run(argv, io): one CLI invocation, returning its exit code instead of exiting, so tests can run it
// in-process; the bin entry is a thin wrapper around it.
import { CommanderError } from "commander";
import { CliError, EXIT, formatError } from "./errors";
import type { Io } from "./io";
import { buildProgram } from "./program";

export type { Io } from "./io";

export async function run(argv: string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed the message (or the help/version it was asked for).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr.write(`${formatError(error)}\n`);
      return error.exitCode;
    }
    // Never a stack trace: one line, and the exit code that says "not your input, not the API".
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`Error: ${message.split("\n")[0]}\n`);
    return EXIT.unexpected;
  }
}
