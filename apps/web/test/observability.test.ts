// What operators see: Prometheus metrics at /metrics (with METRICS_TOKEN on the main port, without
// one on METRICS_PORT) and JSON log lines in which no credential survives.
import { readFileSync } from "node:fs";
import { generateKey } from "@keygate/core/credentials";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createLogger, errorFields, log } from "../src/server/log";
import { baseUrl, newApiKey, newUser, newWebsite, type TestUser, tokenFor } from "./helpers";
import { freePort, type RunningServer, startServer, testLogPath } from "./server";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const KEYS_ROUTE = "/api/v1/admin/websites/:websiteId/apikeys";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[name as string] = value as string;
    }
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include `labels`; undefined when there are none. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  return matching.length === 0 ? undefined : matching.reduce((sum, sample) => sum + sample.value, 0);
}

describe("metrics", () => {
  let server: RunningServer;
  let metricsPort: number;
  let owner: TestUser;
  let site: string;
  let otherSite: string;
  /** Every raw credential this file issues, for the log check at the end. */
  const issued: string[] = [];

  const scrape = async () => {
    const response = await fetch(`${server.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return parseMetrics(await response.text());
  };
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked by the tests themselves
    return { status: response.status, body: (await response.json().catch(() => null)) as any };
  };

  beforeAll(async () => {
    metricsPort = await freePort();
    server = await startServer({
      env: { DATABASE_URL: inject("databaseUrl"), METRICS_TOKEN, METRICS_PORT: String(metricsPort) },
      logPath: testLogPath("observability"),
    });
    owner = await newUser("observer");
    issued.push(owner.token);
    site = await newWebsite(owner, "observed");
    otherSite = await newWebsite(owner, "elsewhere");
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("GET /metrics is not served on the main port without METRICS_TOKEN", async () => {
    const variants: Record<string, string>[] = [{}, { authorization: `Bearer ${METRICS_TOKEN}` }];
    for (const headers of variants) {
      const response = await fetch(`${baseUrl}/metrics`, { headers });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("keygate_http_requests_total");
    }
  });

  it("GET /metrics answers 401 in the error envelope to a missing or wrong token, 200 to the right one", async () => {
    for (const authorization of [undefined, "Bearer wrong-token", `Bearer ${METRICS_TOKEN}x`, METRICS_TOKEN]) {
      const response = await fetch(`${server.baseUrl}/metrics`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
      expect(await response.json()).toEqual({
        status: "error",
        error: { code: 401, message: expect.stringContaining("METRICS_TOKEN") },
      });
    }
    const response = await fetch(`${server.baseUrl}/metrics`, {
      headers: { authorization: `bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE keygate_http_requests_total counter");
    expect(text).toContain("# TYPE keygate_http_request_duration_seconds histogram");
  });

  it("counts requests by transport, route pattern, method and status, and REST auth outcomes", async () => {
    const key = await newApiKey(owner, site, "metrics");
    issued.push(key.key);
    const before = await scrape();

    expect((await call("GET", `/admin/websites/${site}/apikeys`, key.key)).status).toBe(200);
    expect((await call("GET", `/admin/websites/${site}/apikeys`, generateKey("apiKey"))).status).toBe(401);
    expect((await call("GET", `/admin/websites/${otherSite}/apikeys`, key.key)).status).toBe(403);
    expect((await call("GET", `/no/such/route/${site}`, key.key)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/js/script.js`)).status).toBe(200);
    const mcp = await fetch(`${server.baseUrl}/api/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(mcp.status).toBe(401);
    const page = await fetch(`${server.baseUrl}/signin`, { redirect: "manual" });
    await page.text();

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      (total(after, name, labels) ?? 0) - (total(before, name, labels) ?? 0);
    const requests = (labels: Record<string, string>) => delta("keygate_http_requests_total", labels);
    const rest = { transport: "rest", route: KEYS_ROUTE, method: "GET" };
    expect(requests({ ...rest, status: "200" })).toBe(1);
    expect(requests({ ...rest, status: "401" })).toBe(1);
    expect(requests({ ...rest, status: "403" })).toBe(1);
    expect(requests({ transport: "rest", route: "unmatched", method: "GET", status: "404" })).toBe(1);
    expect(requests({ transport: "collect", route: "/js/script.js", method: "GET", status: "200" })).toBe(1);
    expect(requests({ transport: "mcp", route: "/api/mcp", method: "POST", status: "401" })).toBe(1);
    expect(requests({ transport: "next", route: "next", method: "GET", status: String(page.status) })).toBe(1);

    const outcome = (reason: string) => delta("keygate_auth_outcomes_total", { reason });
    expect(outcome("allowed")).toBe(1);
    expect(outcome("unauthenticated")).toBe(1);
    expect(outcome("forbidden")).toBe(1);
    expect(outcome("rate_limited")).toBe(0);

    expect(delta("keygate_http_request_duration_seconds_count", rest)).toBe(3);
    expect(delta("keygate_http_request_duration_seconds_bucket", { ...rest, le: "+Inf" })).toBe(3);
    expect(total(after, "keygate_http_request_duration_seconds_bucket", { ...rest, le: "0.05" })).toBeDefined();
    expect(delta("keygate_http_request_duration_seconds_sum", rest)).toBeGreaterThan(0);

    // Route labels are patterns: no website id, no raw URL.
    const routes = after.filter((s) => s.name === "keygate_http_requests_total").map((s) => s.labels.route);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route).not.toMatch(/[0-9a-f]{24}|no\/such/);
  });

  it("reports the database pool and the process (event-loop lag, memory)", async () => {
    const samples = await scrape();
    expect(total(samples, "keygate_db_pool_connections")).toBeGreaterThanOrEqual(1);
    expect(total(samples, "keygate_db_pool_idle_connections")).toBeGreaterThanOrEqual(0);
    expect(total(samples, "keygate_db_pool_waiting_clients")).toBe(0);
    expect(total(samples, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(total(samples, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(total(samples, "keygate_rate_limit_decisions_total", { scope: "credential", outcome: "limited" })).toBe(0);
  });

  it("counts rate-limit decisions taken inside Next (a sign-up through tRPC) in the same /metrics", async () => {
    const signUps = { scope: "sign-up", outcome: "allowed" };
    const before = total(await scrape(), "keygate_rate_limit_decisions_total", signUps) ?? 0;
    const response = await fetch(`${server.baseUrl}/api/trpc/account.signUp`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.baseUrl },
      body: JSON.stringify({ email: `metrics-${Date.now()}@example.com`, password: "long enough password" }),
    });
    expect(response.status).toBe(200);
    expect(total(await scrape(), "keygate_rate_limit_decisions_total", signUps)).toBe(before + 1);
  });

  it("METRICS_PORT serves the same metrics without a token, and nothing else", async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    const samples = parseMetrics(await response.text());
    expect(total(samples, "keygate_http_requests_total", { transport: "rest" })).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/`)).status).toBe(404);
  });

  it("the server log holds no raw key after keys are issued, rolled, used and hit an error path", async () => {
    const created = await call("POST", `/admin/websites/${site}/apikeys`, owner.token, { name: "to roll" });
    expect(created.status).toBe(200);
    const { _id: keyId, key: oldKey } = created.body.data[0];
    const rolled = await call("PUT", `/admin/websites/${site}/apikeys/${keyId}`, owner.token);
    expect(rolled.status).toBe(200);
    const newKey = rolled.body.data[0].key;
    const token = await tokenFor(owner.id, ["analytics:read"], [site]);
    issued.push(oldKey, newKey, token);
    expect((await call("GET", `/admin/websites/${site}/apikeys`, oldKey)).status).toBe(401);
    expect((await call("GET", `/admin/websites/${site}/apikeys`, newKey)).status).toBe(200);
    expect((await call("GET", `/admin/websites/${site}/apikeys`, token)).status).toBe(403);

    // An unexpected fault is logged with its cause, while the request carries a key.
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      await client.query('ALTER TABLE "WebsiteApiKey" RENAME TO "WebsiteApiKeyAway"');
      expect((await call("GET", `/admin/websites/${site}/apikeys`, newKey)).status).toBe(500);
      expect((await call("POST", `/admin/websites/${site}/apikeys`, owner.token, { name: newKey })).status).toBe(500);
    } finally {
      await client.query('ALTER TABLE "WebsiteApiKeyAway" RENAME TO "WebsiteApiKey"');
      await client.end();
    }

    expect(await server.stop()).toBe(0);
    const text = readFileSync(server.logPath, "utf8");
    const lines = text
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line));
    expect(lines.find((line) => line.message === "Keygate is listening")).toMatchObject({
      level: "info",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(lines.some((line) => line.message === "Metrics are served")).toBe(true);
    expect(lines.filter((line) => line.level === "error" && line.message === "unhandled error").length).toBe(2);
    for (const raw of issued) {
      expect(text.includes(raw)).toBe(false);
      expect(text.includes(raw.slice(raw.indexOf("_") + 1))).toBe(false);
    }
  });
});

describe("logs", () => {
  const apiKey = generateKey("apiKey");
  const accessToken = generateKey("accessToken");
  const secrets = [apiKey, accessToken, apiKey.slice(3), accessToken.slice(4), "s3ss10n-v4lue", "hunter2-passphrase"];

  function capture() {
    const lines: string[] = [];
    return { lines, logger: createLogger({ write: (line: string) => void lines.push(line) }, "info") };
  }

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("scrubs keys and censors secret fields in the message, nested fields, error stacks and headers", () => {
    const { lines, logger } = capture();
    const fields = {
      request: {
        headers: {
          authorization: `Bearer ${accessToken}`,
          cookie: "next-auth.session-token=s3ss10n-v4lue; theme=dark",
        },
      },
      user: { password: "hunter2-passphrase" },
      note: `retried with ${apiKey}`,
      attempts: [{ deep: { deeper: [`Bearer ${accessToken}`] } }],
      header: "Cookie: __Secure-next-auth.session-token=s3ss10n-v4lue",
      err: new Error(`unknown key ${apiKey}`, { cause: new Error(`token ${accessToken}`) }),
      ...errorFields(new Error(`lookup failed for ${accessToken}`)),
    };
    logger.warn(fields, `rejected ${apiKey} and %s`, accessToken);
    logger.error(new Error(`lone error with ${apiKey}`));

    expect(lines).toHaveLength(2);
    const output = lines.join("");
    for (const secret of secrets) expect(output).not.toContain(secret);
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first).toMatchObject({
      level: "warn",
      message: "rejected df_…[redacted] and dft_…[redacted]",
      request: { headers: { authorization: "[redacted]", cookie: "[redacted]" } },
      user: { password: "[redacted]" },
      note: "retried with df_…[redacted]",
      attempts: [{ deep: { deeper: ["Bearer [redacted]"] } }],
      header: "Cookie: __Secure-next-auth.session-token=[redacted]",
      err: { type: "Error", message: "unknown key df_…[redacted]", cause: { message: "token dft_…[redacted]" } },
      error: "lookup failed for dft_…[redacted]",
    });
    expect(first.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(first.stack).toContain("lookup failed for dft_…[redacted]");
    expect(first.err.stack).toContain("unknown key df_…[redacted]");
    expect(second).toMatchObject({ level: "error", message: "lone error with df_…[redacted]" });
    // The caller's objects are left as they were.
    expect(fields.note).toBe(`retried with ${apiKey}`);
    expect(fields.request.headers.authorization).toBe(`Bearer ${accessToken}`);
  });

  it("leaves lines without secrets alone", () => {
    const { lines, logger } = capture();
    const fields = { websiteId: "65f0c0ffee0000000000abcd", trackingId: "dfid_abcdefghijABCDEFGHIJ", status: 503 };
    logger.info(fields, "database unavailable");
    expect(JSON.parse(lines[0] as string)).toMatchObject({ ...fields, message: "database unavailable" });
  });

  it("log() writes one JSON line to stdout with the level as a label, scrubbed", () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    log("error", `failed with ${apiKey}`, { authorization: `Bearer ${accessToken}`, detail: accessToken });
    vi.restoreAllMocks();
    expect(written).toHaveLength(1);
    const line = written[0] as string;
    expect(line.endsWith("\n")).toBe(true);
    for (const secret of secrets) expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({
      level: "error",
      message: "failed with df_…[redacted]",
      authorization: "[redacted]",
      detail: "dft_…[redacted]",
    });
  });
});
