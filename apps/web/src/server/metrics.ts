// Prometheus metrics for operators: one registry with the process defaults (event-loop lag, heap,
// RSS), HTTP traffic per transport and route pattern, auth outcomes, rate limiting and the
// database pool. Served by `serveMetrics` (main port, with a token) and `startMetricsServer`.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Database } from "@keygate/db";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { cacheCounts, isCacheLive } from "./auth/access-cache";
import { countAnswer } from "./auth/usage";
import { database } from "./db";
import { errorFields, log } from "./log";
import { errorBody } from "./rest/errors";

export const METRICS_PATH = "/metrics";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });
const registers = [registry];

type Transport = "rest" | "collect" | "mcp" | "next";

const requests = new Counter({
  name: "keygate_http_requests_total",
  help: "HTTP requests answered, by transport, route pattern, method and status.",
  labelNames: ["transport", "route", "method", "status"] as const,
  registers,
});

const duration = new Histogram({
  name: "keygate_http_request_duration_seconds",
  help: "Time from request to response headers, by transport, route pattern and method.",
  labelNames: ["transport", "route", "method"] as const,
  // Most API answers take 1-50 ms; the upper buckets catch slow queries and timeouts.
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

const AUTH_REASONS = ["allowed", "unauthenticated", "forbidden", "rate_limited"] as const;
const authOutcomes = new Counter({
  name: "keygate_auth_outcomes_total",
  help: "REST v1 requests by access decision: allowed, unauthenticated (401), forbidden (403), rate_limited (429).",
  labelNames: ["reason"] as const,
  registers,
});

export const rateLimitDecisions = new Counter({
  name: "keygate_rate_limit_decisions_total",
  help: "Rate-limit decisions by scope (credential, website) and outcome (allowed, limited).",
  labelNames: ["scope", "outcome"] as const,
  registers,
});

export const rateLimitStoreCalls = new Counter({
  name: "keygate_rate_limit_store_calls_total",
  help: "Calls to the shared rate-limit store, by store and result.",
  labelNames: ["store", "result"] as const,
  registers,
});

// Known series start at 0, so rates and alerts work before the first occurrence.
for (const reason of AUTH_REASONS) authOutcomes.inc({ reason }, 0);
for (const scope of ["credential", "website"]) {
  for (const outcome of ["allowed", "limited"]) rateLimitDecisions.inc({ scope, outcome }, 0);
}

type Pool = NonNullable<Database["pool"]>;

/** A pool gauge read at scrape time; 0 on the embedded database, which has no pool. */
function poolGauge(name: string, help: string, read: (pool: Pool) => number) {
  return new Gauge({
    name,
    help,
    registers,
    async collect() {
      const pool = (await database()).pool;
      this.set(pool ? read(pool) : 0);
    },
  });
}
poolGauge("keygate_db_pool_connections", "Open Postgres connections in the pool.", (pool) => pool.totalCount);
poolGauge("keygate_db_pool_idle_connections", "Idle Postgres connections in the pool.", (pool) => pool.idleCount);
poolGauge("keygate_db_pool_waiting_clients", "Queries waiting for a pooled connection.", (pool) => pool.waitingCount);

new Counter({
  name: "keygate_credential_cache_lookups_total",
  help: "Credential, role and public-dashboard lookups by result: hit (served from the cache) or miss (asked the database).",
  labelNames: ["result"] as const,
  registers,
  collect() {
    const { hits, misses } = cacheCounts();
    this.reset();
    this.inc({ result: "hit" }, hits);
    this.inc({ result: "miss" }, misses);
  },
});
new Gauge({
  name: "keygate_credential_cache_live",
  help: "1 while the credential cache is in use (its change notifications are flowing), 0 while it is bypassed.",
  registers,
  collect() {
    this.set(isCacheLive() ? 1 : 0);
  },
});
new Gauge({
  name: "keygate_credential_cache_entries",
  help: "Entries in the credential cache.",
  registers,
  collect() {
    this.set(cacheCounts().size);
  },
});

function observe(transport: Transport, route: string, method: string, status: number, start: bigint): void {
  requests.inc({ transport, route, method, status });
  duration.observe({ transport, route, method }, Number(process.hrtime.bigint() - start) / 1e9);
}

function authReason(status: number): (typeof AUTH_REASONS)[number] | null {
  if (status < 400) return "allowed";
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status === 429) return "rate_limited";
  return null;
}

/** The route pattern that answered (never the raw URL, to bound the series); "unmatched" for none. */
function routeLabel(c: Context): string {
  const path = routePath(c, -1);
  return path === "" || path.includes("*") ? "unmatched" : path;
}

/** Counts and times every request of a Hono router; `app.use` it first. */
export function httpMetrics(transport: Exclude<Transport, "next">): MiddlewareHandler {
  return async (c, next) => {
    const start = process.hrtime.bigint();
    await next();
    const status = c.res.status;
    observe(transport, routeLabel(c), c.req.method, status, start);
    countAnswer(c, status);
    if (transport === "rest") {
      const reason = authReason(status);
      if (reason) authOutcomes.inc({ reason });
    }
  };
}

/** Counts a REST answer given without the router (see rest/malformed.ts), as httpMetrics would have. */
export function observeRest(route: string, method: string, status: number, start: bigint): void {
  observe("rest", route, method, status, start);
  const reason = authReason(status);
  if (reason) authOutcomes.inc({ reason });
}

/** Counts a request handed to Next (dashboard, tRPC, auth) once its response is sent. */
export function observeNext(req: IncomingMessage, res: ServerResponse): void {
  const start = process.hrtime.bigint();
  res.once("finish", () => observe("next", "next", req.method ?? "GET", res.statusCode, start));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();

/**
 * GET /metrics in the Prometheus text format. With `token`, only to `Authorization: Bearer <token>`
 * (compared in constant time); without, to anyone who can reach the port.
 */
export function metricsHandler(token?: string) {
  const expected = token === undefined ? null : sha256(token);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (expected) {
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
      if (!presented || !timingSafeEqual(sha256(presented), expected)) {
        const message = "Send Authorization: Bearer <METRICS_TOKEN> to read metrics";
        return sendJson(res, 401, errorBody(401, message), { "WWW-Authenticate": 'Bearer realm="metrics"' });
      }
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      return sendJson(res, 405, errorBody(405, `Method ${req.method} not allowed on ${METRICS_PATH}`), {
        Allow: "GET, HEAD",
      });
    }
    try {
      const text = await registry.metrics();
      res.writeHead(200, { "Content-Type": registry.contentType, "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : text);
    } catch (error) {
      log("error", "metrics collection failed", errorFields(error));
      sendJson(res, 500, errorBody(500, "Metrics collection failed"));
    }
  };
}

/** A separate listener serving /metrics without a token, for a scraper on a private network. */
export function startMetricsServer(port: number, host: string): Server {
  const serve = metricsHandler();
  const server = createServer((req, res) => {
    if ((req.url ?? "/").split("?", 1)[0] === METRICS_PATH) void serve(req, res);
    else sendJson(res, 404, errorBody(404, `Only ${METRICS_PATH} is served here`));
  });
  server.once("error", (error) => {
    log("error", "the metrics server cannot listen", { host, port, ...errorFields(error) });
    process.exit(1);
  });
  server.listen(port, host, () => {
    const address = server.address();
    log("info", "Metrics are served", {
      url: `http://${host}:${typeof address === "object" && address ? address.port : port}${METRICS_PATH}`,
    });
  });
  return server;
}
