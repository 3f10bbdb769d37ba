// The REST v1 router: a web-standard (Request → Response) Hono app that server.ts mounts ahead of
// Next, and that Next's catch-all route (src/app/api/v1/[[...path]]) serves when Next runs alone.
// Every failure under /api/v1 — unknown route, wrong method, oversized body — uses the envelope.
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { env } from "../../env";
import { limitBody } from "../body-limit";
import { httpMetrics } from "../metrics";
import { honoPath } from "./define";
import { errorBody, toErrorResponse } from "./errors";
import { handle } from "./handle";
import { openApiDocument, referencePage, referenceScript } from "./openapi";
import { ROUTES } from "./routes";

const BASE = "/api/v1";

/** Path patterns of every route, to tell "wrong method" (405) from "no such route" (404). */
const PATTERNS = ROUTES.map((route) => ({
  method: route.method.toUpperCase(),
  pattern: new RegExp(`^${BASE}${route.path.replace(/\{\w+\}/g, "[^/]+")}/?$`),
}));

export function createRestApp() {
  // Not strict: `/admin/websites/` is the same route as `/admin/websites`.
  const app = new Hono({ strict: false }).basePath(BASE);

  app.use(httpMetrics("rest"));
  app.use(requestId());
  app.use(limitBody(env.BODY_LIMIT_BYTES));

  for (const route of ROUTES) app.on(route.method.toUpperCase(), honoPath(route.path), handle(route));

  const document = openApiDocument(ROUTES);
  app.get("/openapi.json", (c) => c.json(document));
  app.get("/reference", (c) => c.html(referencePage(`${BASE}/openapi.json`, `${BASE}/reference/scalar.js`)));
  app.get("/reference/scalar.js", async (c) => {
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(await referenceScript(), 200, { "Content-Type": "text/javascript; charset=utf-8" });
  });

  app.notFound((c) => {
    const allowed = PATTERNS.filter((p) => p.pattern.test(c.req.path)).map((p) => p.method);
    if (allowed.length > 0) {
      c.header("Allow", [...new Set(allowed)].join(", "));
      return c.json(errorBody(405, `Method ${c.req.method} not allowed on ${c.req.path}`), 405);
    }
    return c.json(errorBody(404, `No route ${c.req.method} ${c.req.path}`), 404);
  });
  app.onError(toErrorResponse);
  return app;
}
