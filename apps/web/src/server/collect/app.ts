// The public collection router, mounted ahead of Next like /api/v1: POST /api/events (CORS, no
// key), the tracker at /js/script.js and country flags at /flags/{code}.svg.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "@keygate/core";
import { collectPayload } from "@keygate/core/contracts";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { flagSvg } from "../analytics/enrich/countries";
import { limitBody } from "../body-limit";
import { httpMetrics } from "../metrics";
import { errorBody, toErrorResponse, zodDetails } from "../rest/errors";
import { originOf } from "../rest/handle";
import { collectEvent } from "./collect";

/** Events are small; DataFast's SDK sends one per request. */
const MAX_EVENT_BYTES = 16 * 1024;

/** Exact paths this router serves, so server.ts can route without a regex. */
export const COLLECT_PATHS = ["/api/events", "/js/script.js"] as const;
export const FLAGS_PREFIX = "/flags/";

const script = readFileSync(join(import.meta.dirname, "script.js"), "utf8");

export function createCollectApp() {
  const app = new Hono({ strict: false });
  app.use(httpMetrics("collect"));
  app.use(requestId());
  app.use(
    "/api/events",
    cors({ origin: "*", allowMethods: ["POST", "OPTIONS"], allowHeaders: ["Content-Type"], maxAge: 86_400 }),
  );
  app.post("/api/events", limitBody(MAX_EVENT_BYTES, "Event"), async (c) => {
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      throw AppError.badRequest("Malformed JSON body");
    }
    const parsed = collectPayload.safeParse(json);
    if (!parsed.success) throw AppError.badRequest("Invalid event", zodDetails(parsed.error));
    const origin = originOf(c);
    const result = await collectEvent({ payload: parsed.data, ip: origin.ip, userAgent: origin.userAgent });
    return c.json({
      status: "success",
      ...(result.dropped ? { dropped: result.dropped } : {}),
      ...(result.visitorId ? { visitorId: result.visitorId } : {}),
    });
  });
  app.get("/js/script.js", (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(script, 200, { "Content-Type": "text/javascript; charset=utf-8" });
  });
  app.get("/flags/:file", (c) => {
    const code = /^([a-z]{2})\.svg$/.exec(c.req.param("file"))?.[1];
    const svg = code ? flagSvg(code.toUpperCase()) : null;
    if (!svg) return c.json(errorBody(404, "No such flag"), 404);
    c.header("Cache-Control", "public, max-age=604800");
    return c.body(svg, 200, { "Content-Type": "image/svg+xml" });
  });
  app.notFound((c) => c.json(errorBody(404, `No route ${c.req.method} ${c.req.path}`), 404));
  app.onError(toErrorResponse);
  return app;
}
