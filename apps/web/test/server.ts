// Starts the built Keygate server (dist/server.mjs in production mode, or `next start` alone) as a child
// process on a free loopback port, and stops it the way an operator would (SIGTERM).
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureServerBuilt, SERVER_BUNDLE } from "../scripts/build-server";
import { TEST_AUTH_SECRET } from "./auth-secret";

export const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
const NEXT = fileURLToPath(new URL("../node_modules/.bin/next", import.meta.url));

let logDir: string | undefined;
let logCount = 0;

/**
 * A new file for a server's output, in the run's log directory: TEST_LOG_DIR when set (`pnpm test`
 * scans it for raw keys after every suite), else one temporary directory per process.
 */
export function testLogPath(label = "server"): string {
  if (!logDir) {
    logDir = process.env.TEST_LOG_DIR || mkdtempSync(join(tmpdir(), "keygate-logs-"));
    mkdirSync(logDir, { recursive: true });
  }
  logCount += 1;
  return join(logDir, `${label}-${process.pid}-${logCount}.log`);
}

export interface RunningServer {
  baseUrl: string;
  logPath: string;
  process: ChildProcess;
  stop(): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  env: Record<string, string>;
  /** Where the server's stdout and stderr go. Default: a new file from `testLogPath`. */
  logPath?: string;
  /** Host name in AUTH_URL (sign-in redirects), e.g. "localhost" for a browser. Default 127.0.0.1. */
  authUrlHost?: string;
  /** How long the server may take to answer, seeding included. Default 60 s. */
  startTimeoutMs?: number;
}

/**
 * The production server: server.ts compiled to dist/server.mjs (rebuilt first if a source is newer).
 * Tests run it with source maps, for stack traces that name our sources; `sourceMaps: false` runs it
 * exactly as `pnpm start` does (the bench measures that).
 */
export async function startServer(options: StartOptions & { sourceMaps?: boolean }): Promise<RunningServer> {
  await ensureServerBuilt();
  const flags = options.sourceMaps === false ? [] : ["--enable-source-maps"];
  return launch(process.execPath, () => [...flags, SERVER_BUNDLE], options);
}

/**
 * The same build served by `next start` alone, without server.ts: /api/v1 reaches Next's catch-all
 * route (collection, MCP, health checks and metrics are not there).
 */
export function startNextOnly(options: StartOptions): Promise<RunningServer> {
  return launch(NEXT, (port) => ["start", "--port", String(port), "--hostname", "127.0.0.1"], options);
}

async function launch(
  command: string,
  args: (port: number) => string[],
  { env, logPath = testLogPath(), authUrlHost = "127.0.0.1", startTimeoutMs = 60_000 }: StartOptions,
): Promise<RunningServer> {
  if (!existsSync(`${WEB_DIR}/.next/BUILD_ID`)) {
    throw new Error("apps/web has no production build: run `pnpm build` first (`pnpm test` does).");
  }
  const port = await freePort();
  const child = spawn(command, args(port), {
    cwd: WEB_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      AUTH_URL: `http://${authUrlHost}:${port}`,
      DEMO_SEED: "false",
      AUTH_SECRET: TEST_AUTH_SECRET,
      // Mail stays in the database, and /dev/inbox shows it to the tests.
      MAIL_INBOX: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(logPath, { flags: "a" });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  // "close" comes after both output streams are drained; the log is complete once it is ended then.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => log.end(() => resolve(code))));

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await exited;
      throw new Error(`server exited with ${child.exitCode}; see ${logPath}`);
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start within ${startTimeoutMs / 1000} s; see ${logPath}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/v1/openapi.json`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    baseUrl,
    logPath,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
