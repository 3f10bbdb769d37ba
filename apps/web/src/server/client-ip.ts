// The client address we record and rate-limit by: the socket's, unless TRUST_PROXY says a proxy we
// run sits in front. That proxy appends the address it saw to X-Forwarded-For, so the last entry is
// the one to believe; anything before it is what the client claimed.
// Served by Next alone (`next start`), a route handler sees no socket: Next copies the peer's address
// into X-Forwarded-For only when the request carries none, so the header may be the client's own
// and counts only with TRUST_PROXY; without it the address is "unknown".
import { env } from "../env";

/** The last entry of X-Forwarded-For (the one our proxy appended), or null. */
function lastForwarded(forwardedFor: string | string[] | null | undefined): string | null {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  return header?.split(",").at(-1)?.trim() || null;
}

export function clientIp(forwardedFor: string | string[] | undefined, socketAddress: string | undefined): string {
  if (env.TRUST_PROXY) {
    const forwarded = lastForwarded(forwardedFor);
    if (forwarded) return forwarded;
  }
  return socketAddress ?? "unknown";
}

const holder = globalThis as typeof globalThis & { __keygateCustomServer?: boolean };

/** server.ts calls this at start: it rewrites X-Forwarded-For with `clientIp` before Next sees a request. */
export function markCustomServer(): void {
  holder.__keygateCustomServer = true;
}

/**
 * The client address for code inside Next (dashboard, tRPC, sign-in): under server.ts,
 * X-Forwarded-For is the address server.ts decided; under `next start` alone it counts only with
 * TRUST_PROXY. Null when unknown (per-address limits then do not apply; per-account ones still do).
 */
export function nextRequestIp(forwardedFor: string | string[] | null | undefined): string | null {
  const forwarded = lastForwarded(forwardedFor);
  if (holder.__keygateCustomServer) return forwarded;
  return env.TRUST_PROXY ? forwarded : null;
}
