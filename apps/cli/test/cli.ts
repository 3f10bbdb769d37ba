// Runs the CLI in tests: in-process through run() with captured streams (most tests), or as the
// real `keygate` binary — piped (no TTY) or in a pseudo-terminal (@lydell/node-pty) for prompts.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import * as pty from "@lydell/node-pty";
import { inject } from "vitest";
import { run } from "../src/main";

export const BIN = fileURLToPath(new URL("../bin/keygate.js", import.meta.url));
export const baseUrl = inject("baseUrl");

/** A fresh, empty config home: each test decides what is stored. */
export function configHome(): string {
  return mkdtempSync(join(tmpdir(), "keygate-cli-"));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests check the JSON shapes themselves
  json: () => any;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  home?: string;
  stdin?: string;
}

function baseEnv(home: string, env: Record<string, string | undefined>) {
  return { HOME: home, XDG_CONFIG_HOME: home, KEYGATE_API_URL: baseUrl, ...env };
}

/** In-process: stdin and stdout are plain streams, so nothing is a TTY and nothing is asked. */
export async function cli(args: string[], { env = {}, home = configHome(), stdin = "" }: CliOptions = {}) {
  const input = new PassThrough();
  input.end(stdin);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (chunk) => out.push(String(chunk)));
  stderr.on("data", (chunk) => err.push(String(chunk)));
  const code = await run(args, { env: baseEnv(home, env), stdin: input, stdout, stderr });
  const result: CliResult = {
    code,
    stdout: out.join(""),
    stderr: err.join(""),
    json: () => JSON.parse(out.join("")),
  };
  return result;
}

/** The real binary with pipes: no TTY anywhere. */
export function spawnCli(args: string[], { env = {}, home = configHome(), stdin = "" }: CliOptions = {}) {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...baseEnv(home, env) } });
    const out: string[] = [];
    const err: string[] = [];
    child.stdout.on("data", (chunk) => out.push(String(chunk)));
    child.stderr.on("data", (chunk) => err.push(String(chunk)));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code: code ?? -1, stdout: out.join(""), stderr: err.join(""), json: () => JSON.parse(out.join("")) }),
    );
    child.stdin.end(stdin);
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes is the point
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

export interface PtySession {
  /** Waits until the screen output so far contains `text` (escape codes stripped). */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  write(data: string): void;
  output(): string;
  exit: Promise<number>;
}

export const KEY = { enter: "\r", down: "\u001b[B", space: " ", ctrlC: "\u0003" };

/** The real binary in a pseudo-terminal: stdin, stdout and stderr are all a TTY. */
export function ptyCli(args: string[], { env = {}, home = configHome() }: CliOptions = {}): PtySession {
  const term = pty.spawn(process.execPath, [BIN, ...args], {
    cols: 120,
    rows: 40,
    env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color", ...baseEnv(home, env) } as Record<string, string>,
  });
  let buffer = "";
  term.onData((data) => {
    buffer += data;
  });
  const exit = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  const output = () => buffer.replace(ANSI, "");
  return {
    output,
    write: (data) => term.write(data),
    exit,
    async waitFor(text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!output().includes(text)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"; screen so far:\n${output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
