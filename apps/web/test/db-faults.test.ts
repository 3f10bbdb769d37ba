// The database goes away, or freezes with its sockets open: Keygate answers 503 with Retry-After
// within the configured bounds (never hangs, never a 500), readiness says so, liveness does not,
// and it recovers by itself when the database is back. A TCP proxy in front of Postgres plays the
// database's part: closed (stopped) or silent (frozen, as under SIGSTOP).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FlakyDatabase } from "./flaky-database";
import { newUser, type TestUser } from "./helpers";
import { freePort, type RunningServer, startServer, testLogPath } from "./server";

const CONNECT_TIMEOUT_MS = 1000;
const QUERY_TIMEOUT_MS = 1500;

let proxy: FlakyDatabase;
let server: RunningServer;
let user: TestUser;

async function timed(path: string, token?: string) {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(20_000),
  });
  const body = await response.json().catch(() => null);
  return {
    status: response.status,
    body,
    retryAfter: response.headers.get("retry-after"),
    ms: performance.now() - started,
  };
}

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < withinMs) {
    if (await check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not within ${withinMs} ms`);
}

beforeAll(async () => {
  user = await newUser("faults");
  const url = new URL(inject("databaseUrl"));
  proxy = new FlakyDatabase(await freePort(), { host: url.hostname, port: Number(url.port || 5432) });
  await proxy.start();
  url.host = `127.0.0.1:${proxy.port}`;
  server = await startServer({
    env: {
      DATABASE_URL: url.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    },
    logPath: testLogPath("db-faults"),
  });
});

afterAll(async () => {
  await server?.stop();
  await proxy?.stop();
});

describe("database faults", () => {
  it("healthy: live, ready, and the API answers", async () => {
    expect((await timed("/api/health")).status).toBe(200);
    expect(await timed("/api/ready")).toMatchObject({ status: 200, body: { status: "ready" } });
    expect((await timed("/api/v1/admin/account", user.token)).status).toBe(200);
  });

  it("database stopped: 503 with Retry-After within the connect bound; not ready but alive; recovers by itself", async () => {
    await proxy.stop();
    const responses = await Promise.all(Array.from({ length: 8 }, () => timed("/api/v1/admin/account", user.token)));
    for (const response of responses) {
      expect(response.status).toBe(503);
      expect(response.retryAfter).toMatch(/^\d+$/);
      expect(response.body).toEqual({
        status: "error",
        error: { code: 503, message: "The database is unavailable; retry shortly" },
      });
      expect(response.ms).toBeLessThan(CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS + 2000);
    }
    expect((await timed("/api/ready")).status).toBe(503);
    expect((await timed("/api/health")).status).toBe(200);

    await proxy.start();
    const recovered = await eventually(
      async () => (await timed("/api/v1/admin/account", user.token)).status === 200,
      15_000,
    );
    console.log(
      `database stopped: ${Math.round(Math.max(...responses.map((r) => r.ms)))} ms to a 503 at most; back ${Math.round(recovered)} ms after it returned`,
    );
    expect((await timed("/api/ready")).status).toBe(200);
  });

  it("database frozen with its sockets open: bounded 503s, not ready; recovers when it thaws", async () => {
    proxy.frozen = true;
    const responses = await Promise.all(Array.from({ length: 8 }, () => timed("/api/v1/admin/account", user.token)));
    for (const response of responses) {
      expect(response.status).toBe(503);
      expect(response.retryAfter).toMatch(/^\d+$/);
      expect(response.ms).toBeLessThan(CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS + 2000);
    }
    expect((await timed("/api/ready")).status).toBe(503);
    proxy.frozen = false;
    const recovered = await eventually(
      async () => (await timed("/api/v1/admin/account", user.token)).status === 200,
      15_000,
    );
    console.log(
      `database frozen: ${Math.round(Math.max(...responses.map((r) => r.ms)))} ms to a 503 at most; back ${Math.round(recovered)} ms after it thawed`,
    );
  });

  it("SIGTERM lets a request in flight finish before the process exits", async () => {
    proxy.frozen = true;
    const inFlight = timed("/api/v1/admin/account", user.token);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = server.stop();
    const response = await inFlight;
    expect(response.status).toBe(503);
    expect(await exited).toBe(0);
    proxy.frozen = false;
  });
});
