// The cheapest answer the REST API gives. A bearer credential whose shape or checksum is wrong can
// never be valid, so server.ts refuses it here, straight on Node's request and response, before a web
// Request is built: the same 401, envelope and headers as the router's, and no database work.
// Anything this does not recognise with certainty (an unknown route, a body over the limit, an odd
// path) goes to the router as usual, which decides it the same way, only slower.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseKey } from "@keygate/core/credentials";
import { env } from "../../env";
import { bearerToken } from "../auth/bearer";
import { observeRest } from "../metrics";
import { requestIdFrom } from "../request-id";
import { honoPath } from "./define";
import { errorBody } from "./errors";
import { ROUTES } from "./routes";

const BASE = "/api/v1";

/** Paths the router and this matcher read the same way: no encoding, dots or empty segments. */
const PLAIN_PATH = /^\/api\/v1(\/[A-Za-z0-9_-]+)+\/?$/;

// Signed routes (secret-scanning reports) read no credential: a bearer header there decides nothing.
const MATCHERS = ROUTES.filter((route) => route.access.scope !== "signature").map((route) => ({
  method: route.method.toUpperCase(),
  pattern: new RegExp(`^${BASE}${route.path.replace(/\{\w+\}/g, "[A-Za-z0-9_-]+")}/?$`),
  label: `${BASE}${honoPath(route.path)}`,
}));

const BODY = JSON.stringify(errorBody(401, "Malformed API key"));
const BODY_LENGTH = String(Buffer.byteLength(BODY));

/** Answers 401 and returns true when `req` carries a malformed credential for a known route. */
export function refuseMalformedKey(req: IncomingMessage, res: ServerResponse): boolean {
  const raw = bearerToken(req.headers.authorization);
  if (raw === null || parseKey(raw) !== null) return false;
  const length = req.headers["content-length"];
  if (length !== undefined && !(Number(length) <= env.BODY_LIMIT_BYTES)) return false;
  const path = req.url?.split("?", 1)[0] ?? "";
  if (!PLAIN_PATH.test(path)) return false;
  const route = MATCHERS.find((matcher) => matcher.method === req.method && matcher.pattern.test(path));
  if (!route) return false;
  const start = process.hrtime.bigint();
  res.writeHead(401, {
    "content-type": "application/json",
    "x-request-id": requestIdFrom(req.headers["x-request-id"]),
    "content-length": BODY_LENGTH,
  });
  res.end(BODY);
  observeRest(route.label, req.method ?? "GET", 401, start);
  return true;
}
