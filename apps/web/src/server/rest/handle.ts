// The pipeline every REST route runs through, in this order:
// credential → principal (401) → path params and website (400) → policy (403) → query and body (400)
// → service → envelope.

import { getConnInfo } from "@hono/node-server/conninfo";
import { AppError, isObjectId } from "@keygate/core";
import type { Principal } from "@keygate/core/policy";
import type { Context } from "hono";
import type { z } from "zod";
import { accessChanged } from "../auth/access-cache";
import { principalFromBearer } from "../auth/bearer";
import { requireAccess } from "../auth/require-access";
import { countFor } from "../auth/usage";
import { clientIp } from "../client-ip";
import { consume, type Decision, type Scope } from "../rate-limit";
import type { RequestOrigin } from "../services/context";
import type { AnyRoute, StreamedFile } from "./define";
import { zodDetails } from "./errors";
import { checkIdempotencyKey, IDEMPOTENCY_HEADER, idempotent, REPLAYED_HEADER } from "./idempotency";
import { handleSigned } from "./signed";

function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw AppError.badRequest(`Invalid ${what}`, zodDetails(parsed.error));
  return parsed.data;
}

/** Deeper bodies are refused: no contract nests past a few levels, and walking one must not exhaust the stack. */
const MAX_BODY_DEPTH = 32;

/** The path of the first NUL in a JSON value's keys or strings, or null; a 400 past MAX_BODY_DEPTH levels. */
function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "(body)" : null;
  if (typeof value !== "object" || value === null) return null;
  if (path.length >= MAX_BODY_DEPTH) {
    throw AppError.badRequest("Invalid request body", [
      { path: path.join("."), message: `Must not nest more than ${MAX_BODY_DEPTH} levels deep` },
    ]);
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key.replaceAll("\u0000", "\\u0000")].join(".");
    const found = nulPath(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/** The JSON body; NUL is refused everywhere in it, so no free-form field can carry one to a JSON column. */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw AppError.badRequest("Malformed JSON body");
  }
  const nul = nulPath(value);
  if (nul !== null)
    throw AppError.badRequest("Invalid request body", [{ path: nul, message: "Must not contain NUL characters" }]);
  return value;
}

export function originOf(c: Context): RequestOrigin {
  let socketAddress: string | undefined;
  try {
    socketAddress = getConnInfo(c).remote.address;
  } catch {
    socketAddress = undefined; // no Node socket: mounted in Next (which hides the peer), or app.request in tests
  }
  return {
    ip: clientIp(c.req.header("x-forwarded-for"), socketAddress),
    userAgent: c.req.header("user-agent") ?? null,
  };
}

/**
 * The website of a Website API call: a `df_` key's own (a `websiteId` naming another one is then
 * refused by the policy engine like any other website), or `?websiteId=` for an account token.
 */
function websiteFromCredential(principal: Principal, requested: string | undefined): string {
  if (requested !== undefined && !isObjectId(requested)) {
    throw AppError.badRequest("Invalid query parameter", [
      { path: "websiteId", message: "Must be a 24-character hex ObjectId" },
    ]);
  }
  if (principal.kind === "apiKey") return requested ?? principal.websiteId;
  if (requested === undefined) {
    throw AppError.badRequest("Missing websiteId: account tokens (dft_) must pass ?websiteId=<website id>", [
      { path: "websiteId", message: "Required with an account token (dft_)" },
    ]);
  }
  return requested;
}

export interface RouteInput {
  principal: Principal;
  /** Path parameters, query parameters and the parsed JSON body, as received (not validated yet). */
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: () => Promise<unknown>;
  origin: RequestOrigin;
  /** Told each rate-limit decision taken for this request (for the RateLimit-* headers). */
  onRateLimit?: (decision: Decision) => void;
  /** Wraps the service call once every check has passed (Idempotency-Key). */
  around?: (run: () => Promise<unknown>) => Promise<unknown>;
}

/** Who a credential rate limit counts: the key or the token (or the user, for a session). */
function rateLimitId(principal: Principal): string {
  if (principal.kind === "apiKey") return principal.keyId;
  if (principal.kind === "accessToken") return principal.tokenId;
  return `user:${principal.userId}`;
}

/** Counts the request in one rate limit; 429 once that limit's window is spent. */
async function spend(scope: Scope, id: string, input: RouteInput): Promise<void> {
  const decision = await consume(scope, id);
  if (!decision) return;
  input.onRateLimit?.(decision);
  if (!decision.allowed) {
    throw new AppError(
      "rate_limited",
      `Rate limit exceeded: ${decision.limit} requests per minute per ${scope}. Retry in ${decision.resetSeconds} s.`,
    );
  }
}

/**
 * One route's pipeline after authentication, for any transport (REST, MCP): path params and
 * website (400) → policy (403) → query and body (400) → service. Returns the service's result.
 */
export async function executeRoute(route: AnyRoute, input: RouteInput): Promise<unknown> {
  const { principal, origin } = input;
  await spend("credential", rateLimitId(principal), input);
  const params = route.params ? validate(route.params, input.params, "path parameter") : undefined;
  const requested = input.query.websiteId;
  const websiteId: string | undefined = route.websiteFromCredential
    ? websiteFromCredential(principal, typeof requested === "string" ? requested : undefined)
    : params?.websiteId;
  const role = await requireAccess(principal, route.access, websiteId);
  // The policy engine only allows a website action to a caller with a role there (REST has no public routes).
  if (route.access.scope === "website" && role === null) throw new Error(`${route.path}: allowed without a role`);
  // Only once access is granted, so no outsider can spend a website's allowance.
  if (websiteId) await spend("website", websiteId, input);
  const query = route.query ? validate(route.query, input.query, "query parameter") : undefined;
  const body = route.body ? validate(route.body, await input.body(), "request body") : undefined;
  const run = () => route.handler({ principal, params, body, query, role, websiteId: websiteId ?? "", origin });
  try {
    return await (input.around ? input.around(run) : run());
  } finally {
    // An account write (roll, revoke, team, settings…) may narrow access: this instance forgets what
    // it cached before it answers — even when the write failed after committing part of its work.
    // Website API writes (goals, payments, identify) never change access.
    if (route.method !== "get" && !route.websiteFromCredential) accessChanged();
  }
}

/** The wire shape of a route's result: the envelope, or the bare body where DataFast's has none. */
export function replyBody(route: AnyRoute, result: unknown): unknown {
  if (route.reply === "bare") return result;
  if (route.reply === "object") return { status: "success", data: result };
  if (route.paginated || route.reply === "spread") return { status: "success", ...(result as object) };
  return { status: "success", data: Array.isArray(result) ? result : [result] };
}

/** RateLimit-Limit / -Remaining / -Reset (seconds), and Retry-After when the request is refused. */
function setRateLimitHeaders(c: Context, decision: Decision) {
  c.header("RateLimit-Limit", String(decision.limit));
  c.header("RateLimit-Remaining", String(decision.remaining));
  c.header("RateLimit-Reset", String(decision.resetSeconds));
  if (!decision.allowed) c.header("Retry-After", String(decision.resetSeconds));
}

export function handle(route: AnyRoute): (c: Context) => Promise<Response> {
  // No credential: the body's signature authenticates the request (signed.ts).
  if (route.access.scope === "signature") return handleSigned(route);
  return async (c: Context): Promise<Response> => {
    // The headers show the tighter of the request's limits (credential, website): the refusing one, if any.
    let shown: Decision | undefined;
    const onRateLimit = (decision: Decision) => {
      if (shown && decision.allowed && shown.remaining <= decision.remaining) return;
      shown = decision;
      setRateLimitHeaders(c, decision);
    };
    const origin = originOf(c);
    const principal = await principalFromBearer(c.req.header("authorization"), origin.ip);
    countFor(c, principal, origin);
    const idempotencyKey = route.idempotent ? c.req.header(IDEMPOTENCY_HEADER) : undefined;
    let replayed = false;
    const result = await executeRoute(route, {
      principal,
      params: c.req.param(),
      query: c.req.query(),
      body: () => readJson(c),
      origin,
      onRateLimit,
      around:
        idempotencyKey === undefined
          ? undefined
          : async (run) => {
              const call = {
                credential: rateLimitId(principal),
                key: checkIdempotencyKey(idempotencyKey),
                method: c.req.method,
                path: c.req.path,
                body: await readJson(c),
              };
              const outcome = await idempotent(call, run);
              replayed = outcome.replayed;
              return outcome.result;
            },
    });
    if (replayed) c.header(REPLAYED_HEADER, "true");
    if (route.reply === "stream") {
      const file = result as StreamedFile;
      return c.body(file.body, 200, {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename.replace(/[^\w.-]/g, "_")}"`,
        "Cache-Control": "no-store",
      });
    }
    return c.json(replyBody(route, result));
  };
}
