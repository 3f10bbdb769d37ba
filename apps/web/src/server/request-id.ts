// The id a request is known by in answers (X-Request-Id, internal-error messages) and in the log.
// A client's own X-Request-Id is kept when it is a plain token, as Hono's requestId middleware (the
// REST, collection and MCP routers) keeps it; otherwise a new one is made.
import { randomUUID } from "node:crypto";

export function requestIdFrom(given: string | string[] | null | undefined): string {
  return typeof given === "string" && given.length <= 255 && /^[\w\-=]+$/.test(given) ? given : randomUUID();
}
