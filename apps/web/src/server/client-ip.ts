// The client address we record and rate-limit by: the socket's, unless TRUST_PROXY says the
// first X-Forwarded-For entry comes from a proxy we run.
import { env } from "../env";

export function clientIp(forwardedFor: string | string[] | undefined, socketAddress: string | undefined): string {
  if (env.TRUST_PROXY) {
    const header = Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor;
    const first = header?.split(",")[0]?.trim();
    if (first) return first;
  }
  return socketAddress ?? "unknown";
}
