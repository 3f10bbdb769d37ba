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

export function toErrorResponse(error: unknown, c: Context): Response {
  if (error instanceof AppError) {
    return c.json(errorBody(error.status, error.message, error.details), error.status as ContentfulStatusCode);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return c.json(errorBody(error.status, error.message || "Bad request"), error.status as ContentfulStatusCode);
  }
  const requestId = c.get("requestId") as string | undefined;
  log("error", "unhandled error", { requestId, method: c.req.method, path: c.req.path, ...errorFields(error) });
  return c.json(errorBody(500, `Internal server error (request id ${requestId ?? "unknown"})`), 500);
}
