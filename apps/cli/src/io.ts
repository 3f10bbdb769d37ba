// The streams and environment one CLI run works with, so tests can run it in-process.
import type { Readable, Writable } from "node:stream";

export type TtyReadable = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
export type TtyWritable = Writable & { isTTY?: boolean; columns?: number };

export interface Io {
  env: Record<string, string | undefined>;
  stdin: TtyReadable;
  stdout: TtyWritable;
  stderr: TtyWritable;
}

/** Prompts need a person at the keyboard: a terminal on stdin, and one on stderr to draw on. */
export function canPrompt(io: Io): boolean {
  return Boolean(io.stdin.isTTY && io.stderr.isTTY);
}
