// Keygate's entry point in production and development: /api/v1/* goes to the REST router,
// /api/events, /js/script.js and /flags/* to the collection router, /api/mcp to the MCP server,
// /api/health and /api/ready to the health checks, /metrics to Prometheus (with METRICS_TOKEN),
// everything else to Next (dashboard, tRPC, auth). One process, one database handle.
import { createServer } from "node:http";
import { basename, dirname } from "node:path";
import { getRequestListener, RequestError } from "@hono/node-server";
import next from "next";
import { env } from "./src/env";
import { startAccessCache } from "./src/server/auth/access-cache";
import { usage } from "./src/server/auth/usage";
import { clientIp, markCustomServer } from "./src/server/client-ip";
import { COLLECT_PATHS, createCollectApp, FLAGS_PREFIX } from "./src/server/collect/app";
import { closeDatabase, database } from "./src/server/db";
import { seedDemo } from "./src/server/demo";
import { createHealthApp, HEALTH_PATHS } from "./src/server/health";
import { JOBS, startJobs } from "./src/server/jobs";
import { errorFields, log } from "./src/server/log";
import { createMcpApp, MCP_PATH } from "./src/server/mcp/app";
import { METRICS_PATH, metricsHandler, observeNext, startMetricsServer } from "./src/server/metrics";
import { startRateLimits } from "./src/server/rate-limit";
import { createRestApp } from "./src/server/rest/app";
import { errorBody } from "./src/server/rest/errors";
import { refuseMalformedKey } from "./src/server/rest/malformed";

// Sessions need a secret every instance shares: refuse to start without one, not at the first sign-in.
if (!env.AUTH_SECRET) throw new Error("AUTH_SECRET is empty");

const dev = env.NODE_ENV !== "production";
markCustomServer();
const db = await database();
const accessCache = startAccessCache(env.DATABASE_URL);
await startRateLimits();
if (env.DEMO_SEED) await seedDemo();
const stopJobs = startJobs(JOBS);
/** apps/web, whether this file runs as server.ts or compiled as dist/server.mjs. */
const appDir = basename(import.meta.dirname) === "dist" ? dirname(import.meta.dirname) : import.meta.dirname;
const nextApp = next({ dev, dir: appDir, hostname: env.HOST, port: env.PORT });
const handleNext = nextApp.getRequestHandler();
await nextApp.prepare();
/** A request the adapter cannot turn into a URL (a backslash in the path, a bad Host): the envelope, not a bare 400. */
function listenerError(error: unknown): Response {
  const status = error instanceof RequestError ? 400 : 500;
  const message = status === 400 ? "Malformed request target or Host header" : "Internal server error";
  return Response.json(errorBody(status, message), { status });
}
const handleRest = getRequestListener(createRestApp().fetch, { errorHandler: listenerError });
const handleCollect = getRequestListener(createCollectApp().fetch, { errorHandler: listenerError });
const handleMcp = getRequestListener(createMcpApp().fetch);
const handleHealth = getRequestListener(createHealthApp().fetch);
// Without a token there is no /metrics on this port (Next answers 404).
const handleMetrics = env.METRICS_TOKEN ? metricsHandler(env.METRICS_TOKEN) : null;
const metricsServer = env.METRICS_PORT === undefined ? null : startMetricsServer(env.METRICS_PORT, env.METRICS_HOST);

/** Paths of the collection router (events, tracker, flags), ignoring the query string. */
function isCollectPath(url: string): boolean {
  const path = url.split("?", 1)[0] ?? "";
  return (COLLECT_PATHS as readonly string[]).includes(path.replace(/\/$/, "")) || path.startsWith(FLAGS_PREFIX);
}

const server = createServer((req, res) => {
  const url = req.url ?? "/";
  if (url === "/api/v1" || url.startsWith("/api/v1/") || url.startsWith("/api/v1?")) {
    if (!refuseMalformedKey(req, res)) void handleRest(req, res);
  } else if (isCollectPath(url)) {
    void handleCollect(req, res);
  } else if (url.split("?", 1)[0] === MCP_PATH) {
    void handleMcp(req, res);
  } else if ((HEALTH_PATHS as readonly string[]).includes(url.split("?", 1)[0] ?? "")) {
    void handleHealth(req, res);
  } else if (handleMetrics && url.split("?", 1)[0] === METRICS_PATH) {
    void handleMetrics(req, res);
  } else {
    observeNext(req, res);
    // Next (and next-auth's rate limiting) learn the client address from this header only.
    req.headers["x-forwarded-for"] = clientIp(req.headers["x-forwarded-for"], req.socket.remoteAddress);
    void handleNext(req, res);
  }
});

server.keepAliveTimeout = env.HTTP_KEEP_ALIVE_TIMEOUT_MS;
server.headersTimeout = Math.max(env.HTTP_HEADERS_TIMEOUT_MS, env.HTTP_KEEP_ALIVE_TIMEOUT_MS + 1_000);

server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  log("info", "Keygate is listening", {
    url: `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port}`,
    mode: dev ? "development" : "production",
    database: db.kind === "embedded" ? `embedded (${env.DATA_DIR})` : "postgres",
  });
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log("info", "shutting down", { signal });
  metricsServer?.close();
  metricsServer?.closeAllConnections();
  // Requests in flight finish; a keep-alive connection is closed as soon as it falls idle.
  const closing = new Promise<void>((resolve) => server.close(() => resolve()));
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  await closing;
  clearInterval(idle);
  // The embedded database flushes to disk here; a frozen Postgres must not hold the exit forever.
  const closed = await Promise.race([
    stopJobs()
      // The last usage counts are written before the pool closes.
      .then(() => usage.stop().catch((error) => log("warn", "credential usage not written", errorFields(error))))
      .then(() => Promise.all([accessCache.stop(), closeDatabase()]))
      .then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
  ]);
  if (!closed) log("warn", "the database did not close within 10 s; exiting anyway");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
