// Liveness and readiness for load balancers and orchestrators, on the fast path ahead of Next:
// /api/health says the process answers; /api/ready says the database answers too.
import { Hono } from "hono";
import { database } from "./db";
import { RETRY_AFTER_S } from "./rest/errors";

export const HEALTH_PATHS = ["/api/health", "/api/ready"] as const;

/** Readiness gives up on a silent database sooner than requests do. */
const READY_TIMEOUT_MS = 2_000;

export function createHealthApp() {
  const app = new Hono();
  app.get("/api/health", (c) => c.json({ status: "ok" }));
  app.get("/api/ready", async (c) => {
    const check = (async () => (await database()).query("SELECT 1"))();
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("timeout")), READY_TIMEOUT_MS).unref(),
    );
    try {
      await Promise.race([check, timeout]);
      return c.json({ status: "ready" });
    } catch {
      check.catch(() => undefined);
      c.header("Retry-After", String(RETRY_AFTER_S));
      return c.json({ status: "unavailable", reason: "The database does not answer" }, 503);
    }
  });
  return app;
}
