// The one error type the services throw; the transports map it to the wire by its status.

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

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
