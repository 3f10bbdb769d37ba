// The client address we record and rate-limit by: the socket's, unless TRUST_PROXY says the
// first X-Forwarded-For entry comes from a proxy we run.
// Served by Next alone (`next start`), a route handler sees no socket: Next copies the peer's address
// into X-Forwarded-For only when the request carries none, so the header may be the client's own
// and counts only with TRUST_PROXY; without it the address is "unknown".
import { env } from "../env";

export function clientIp(forwardedFor: string | string[] | undefined, socketAddress: string | undefined): string {
  if (env.TRUST_PROXY) {
    const header = Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor;
    const first = header?.split(",")[0]?.trim();
    if (first) return first;
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
  const header = Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor;
  const first = header?.split(",")[0]?.trim() || null;
  if (holder.__keygateCustomServer) return first;
  return env.TRUST_PROXY ? first : null;
}
