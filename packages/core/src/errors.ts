// The one error type the services throw; the transports map it to the wire by its status.

/**
 * Every error the services can throw, keyed by code: its HTTP status (REST, MCP, OpenAPI) and its
 * tRPC code (dashboard). The one table every transport maps errors with.
 */
export const ERRORS = {
  bad_request: { status: 400, trpc: "BAD_REQUEST" },
  unauthorized: { status: 401, trpc: "UNAUTHORIZED" },
  forbidden: { status: 403, trpc: "FORBIDDEN" },
  not_found: { status: 404, trpc: "NOT_FOUND" },
  method_not_allowed: { status: 405, trpc: "METHOD_NOT_SUPPORTED" },
  conflict: { status: 409, trpc: "CONFLICT" },
  payload_too_large: { status: 413, trpc: "PAYLOAD_TOO_LARGE" },
  unsupported_media_type: { status: 415, trpc: "UNSUPPORTED_MEDIA_TYPE" },
  rate_limited: { status: 429, trpc: "TOO_MANY_REQUESTS" },
  internal: { status: 500, trpc: "INTERNAL_SERVER_ERROR" },
  unavailable: { status: 503, trpc: "SERVICE_UNAVAILABLE" },
  timeout: { status: 504, trpc: "GATEWAY_TIMEOUT" },
} as const;

export type ErrorCode = keyof typeof ERRORS;
export type ErrorStatus = (typeof ERRORS)[ErrorCode]["status"];
export type TrpcErrorCode = (typeof ERRORS)[ErrorCode]["trpc"];

/** The HTTP status of each error code. */
export const ERROR_STATUS = Object.fromEntries(Object.entries(ERRORS).map(([code, { status }]) => [code, status])) as {
  [C in ErrorCode]: (typeof ERRORS)[C]["status"];
};

/** The error code of an HTTP status, for transports that only know the status. */
export function errorCodeOf(status: number): ErrorCode | undefined {
  return (Object.keys(ERRORS) as ErrorCode[]).find((code) => ERRORS[code].status === status);
}

/** Field-level problems attached to a 400, e.g. `[{ path: "name", message: "Too long" }]`. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly details?: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
  }

  static badRequest(message: string, details?: ErrorDetail[]) {
    return new AppError("bad_request", message, details);
  }
  static unauthorized(message = "Invalid or missing API key") {
    return new AppError("unauthorized", message);
  }
  static forbidden(message: string) {
    return new AppError("forbidden", message);
  }
  static notFound(message: string) {
    return new AppError("not_found", message);
  }
  static conflict(message: string) {
    return new AppError("conflict", message);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
