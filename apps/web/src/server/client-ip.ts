// The client address we record and rate-limit by: the socket's, unless TRUST_PROXY says N proxies we
// run sit in front. Each appends the address it saw to X-Forwarded-For, so the N-th entry from the
// right is the one the outermost proxy saw — the right-most one we did not get from the client;
// anything before it is what the client claimed.
// Served by Next alone (`next start`), a route handler sees no socket: Next copies the peer's address
// into X-Forwarded-For only when the request carries none, so the header may be the client's own
// and counts only with TRUST_PROXY; without it the address is "unknown".
import { env } from "../env";

/**
 * The X-Forwarded-For entry `hops` from the right (1: the last), or null when the header is shorter
 * than that — then it did not come through all our proxies, and nothing in it can be believed.
 */
export function forwardedHop(forwardedFor: string | string[] | null | undefined, hops: number): string | null {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  const entries = header?.split(",").map((entry) => entry.trim()) ?? [];
  return hops >= 1 && entries.length >= hops ? entries[entries.length - hops] || null : null;
}

export function clientIp(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
  trustedProxies: number = env.TRUST_PROXY,
): string {
  if (trustedProxies > 0) {
    const forwarded = forwardedHop(forwardedFor, trustedProxies);
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
  // server.ts wrote a single entry, its decision.
  if (holder.__keygateCustomServer) return forwardedHop(forwardedFor, 1);
  return env.TRUST_PROXY > 0 ? forwardedHop(forwardedFor, env.TRUST_PROXY) : null;
}
