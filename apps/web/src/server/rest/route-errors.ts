// The errors each REST route can answer, from its declaration and the one error table (ERRORS):
// what the OpenAPI document lists under each operation.
import { ERRORS, type ErrorCode } from "@keygate/core";
import type { AnyRoute } from "./define";

/** Why each error happens, as the document says it. */
export const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  bad_request:
    "Invalid input: a malformed id, wrong field types or values (`details` names each field), malformed JSON, or a limit reached",
  unauthorized:
    'Missing, malformed (bad checksum), unknown or revoked key; a key or token past its `expiresAt` gets "API key expired"',
  forbidden:
    "Missing permission, no access to the website (the same answer whether or not it exists), a suspended credential, or a request from outside the credential's allowedIps",
  not_found: "A resource named in the request does not exist inside a website you can see",
  method_not_allowed: "This path does not take the request's method; the `Allow` header lists those it takes",
  conflict: "Conflicts with an existing resource (see the operation's description)",
  payload_too_large: "Request body larger than the server's limit (BODY_LIMIT_BYTES); the connection is closed",
  unsupported_media_type: "Request body in a media type the route does not read",
  rate_limited: "Rate limit exceeded (per credential or per website); retry after the Retry-After seconds",
  internal: "Unexpected error; the message carries a request id",
  unavailable: "The database is unreachable or silent; retry after the Retry-After seconds",
  timeout: "A database query took longer than DATABASE_STATEMENT_TIMEOUT_MS; retry with a smaller date range",
};

/**
 * A signed route (a secret-scanning report) reads a body (400, 413), refuses a missing, unknown or wrong
 * signature (401), is a 404 while no partner keys are configured, and reads the database; it has no
 * policy decision (403) and no rate limit (429). A 503 also says a notification mail could not be sent.
 */
const SIGNED_ROUTE_ERRORS: ErrorCode[] = (Object.keys(ERRORS) as ErrorCode[]).filter(
  (code) => !["forbidden", "conflict", "unsupported_media_type", "rate_limited"].includes(code),
);

/** What some errors mean on a signed route, where the document would otherwise speak of keys. */
export const SIGNED_ERROR_DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  unauthorized:
    "Missing signature headers, an unknown public key identifier, or a signature that does not match the body",
  not_found:
    "No secret-scanning public keys are configured on this server (SECRET_SCANNING_PUBLIC_KEYS): the endpoint is off",
  unavailable:
    "The configured public keys cannot be read, the database is unreachable, or a notification mail could not be sent (the revocations stand); send the report again",
};

/** A path parameter other than the website names a resource that may not exist (404). */
const RESOURCE_PARAM = /\{(?!websiteId\})\w+\}/;

/**
 * The error codes a route can answer, in the table's order. Every route needs a credential (401) that
 * may be refused or suspended (403), counts against rate limits (429), reads the database (500, 503,
 * 504), and sits on a path that other methods answer with 405. The rest follows from the declaration:
 * 400 when it reads any input, 413 when it reads a body, 404 when a path parameter names a resource,
 * and what `errors` adds (409, or a 404 for something named in the body or query); a route taking an
 * Idempotency-Key answers 409 to a retry sent while the first request still runs. A row deleted by
 * a concurrent request between the access check and the read is not listed. No route answers 415:
 * bodies are read as JSON whatever their Content-Type.
 */
export function routeErrors(route: AnyRoute): ErrorCode[] {
  if (route.access.scope === "signature") return SIGNED_ROUTE_ERRORS;
  const declared = new Set<ErrorCode>(route.errors ?? []);
  const answers: Record<ErrorCode, boolean> = {
    bad_request: Boolean(route.params || route.query || route.body || route.websiteFromCredential),
    unauthorized: true,
    forbidden: true,
    not_found: RESOURCE_PARAM.test(route.path) || declared.has("not_found"),
    method_not_allowed: true,
    conflict: declared.has("conflict") || Boolean(route.idempotent),
    payload_too_large: Boolean(route.body),
    unsupported_media_type: false,
    rate_limited: true,
    internal: true,
    unavailable: true,
    timeout: true,
  };
  return (Object.keys(ERRORS) as ErrorCode[]).filter((code) => answers[code]);
}
