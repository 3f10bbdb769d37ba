// The one place errors become wire responses under /api/v1:
// {"status":"error","error":{"code":<status>,"message":"…"}} — plus `details` on validation errors.
import { AppError, type ErrorDetail } from "@keygate/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { errorFields, log } from "../log";

export function errorBody(status: number, message: string, details?: ErrorDetail[]) {
  return { status: "error" as const, error: { code: status, message, ...(details ? { details } : {}) } };
}

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || "(body)", message: issue.message }));
}

/** The Postgres SQLSTATE behind an error, through the driver's or Prisma's wrapping. */
export function sqlState(error: unknown, depth = 0): string | null {
  if (typeof error !== "object" || error === null || depth > 4) return null;
  const { code, originalCode, cause, meta } = error as Record<string, unknown>;
  for (const candidate of [originalCode, code]) {
    if (typeof candidate === "string" && /^[0-9][0-9A-Z]{4}$/.test(candidate)) return candidate;
  }
  return (
    sqlState(cause, depth + 1) ?? sqlState((meta as Record<string, unknown> | undefined)?.driverAdapterError, depth + 1)
  );
}

/** Database refusals that are the caller's doing or worth a retry, rather than our fault. */
const SQL_STATES: Record<string, AppError> = {
  "57014": new AppError("timeout", "The query took too long; retry with a smaller date range"),
  "22021": AppError.badRequest("Text contains characters that cannot be stored (such as NUL)"),
  "22P05": AppError.badRequest("Text contains characters that cannot be stored (such as NUL)"),
  "22P02": AppError.badRequest("Text contains characters that cannot be stored (such as a lone surrogate)"),
};

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
const UNREACHABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|not queryable|Connection closed|ECONNREFUSED/i;

/**
 * True when the database could not be reached or did not answer in time (refused, reset, frozen),
 * through the driver's or Prisma's wrapping: a retry later may succeed.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const { code, message, cause, meta, originalCode } = error as Record<string, unknown>;
  if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || /^(08|57P0)/.test(code))) return true;
  if (typeof originalCode === "string" && /^(08|57P0)/.test(originalCode)) return true;
  if (typeof message === "string" && UNREACHABLE_MESSAGES.test(message)) return true;
  return (
    isDatabaseUnavailable(cause, depth + 1) ||
    isDatabaseUnavailable((meta as Record<string, unknown> | undefined)?.driverAdapterError, depth + 1)
  );
}

/** Seconds a client should wait before retrying while the database is unavailable. */
export const RETRY_AFTER_S = 5;

/**
 * What a thrown error means to a client, whatever the transport: the AppError a service threw, or
 * the one a database refusal or outage stands for. Null for anything else (a bug: answer 500).
 */
export function knownError(thrown: unknown): AppError | null {
  if (thrown instanceof AppError) return thrown;
  if (isDatabaseUnavailable(thrown)) return new AppError("unavailable", "The database is unavailable; retry shortly");
  const state = sqlState(thrown);
  return (state && SQL_STATES[state]) || null;
}

export function toErrorResponse(thrown: unknown, c: Context): Response {
  const error = knownError(thrown);
  if (error?.code === "unavailable") {
    log("warn", "database unavailable", { requestId: c.get("requestId"), path: c.req.path, ...errorFields(thrown) });
    c.header("Retry-After", String(RETRY_AFTER_S));
  }
  if (error) {
    return c.json(errorBody(error.status, error.message, error.details), error.status as ContentfulStatusCode);
  }
  if (thrown instanceof HTTPException && thrown.status < 500) {
    return c.json(errorBody(thrown.status, thrown.message || "Bad request"), thrown.status as ContentfulStatusCode);
  }
  const requestId = c.get("requestId") as string | undefined;
  log("error", "unhandled error", { requestId, method: c.req.method, path: c.req.path, ...errorFields(thrown) });
  return c.json(errorBody(500, internalErrorMessage(requestId)), 500);
}

/** The only thing a client learns about a bug: that it happened, and the id to quote. */
export function internalErrorMessage(requestId: string | undefined): string {
  return `Internal server error (request id ${requestId ?? "unknown"})`;
}
