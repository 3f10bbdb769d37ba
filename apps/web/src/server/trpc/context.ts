// Builds the tRPC context from a request: the next-auth session becomes a policy principal.
import type { SessionPrincipal } from "@keygate/core/policy";
import { env } from "../../env";
import { currentUser } from "../auth/session";
import { forwardedHop, nextRequestIp } from "../client-ip";
import { requestIdFrom } from "../request-id";
import type { TrpcContext } from "./init";

/**
 * Our origin as the browser addressed this request: the Host header with the scheme the request
 * arrived on (or, behind a trusted proxy, the one it says the browser used).
 */
function ownOriginOf(request: Request): string | null {
  const host = request.headers.get("host");
  if (!host) return null;
  const forwarded =
    env.TRUST_PROXY > 0 ? forwardedHop(request.headers.get("x-forwarded-proto"), env.TRUST_PROXY) : null;
  const scheme = forwarded === "https" || forwarded === "http" ? `${forwarded}:` : new URL(request.url).protocol;
  return `${scheme}//${host}`;
}

export async function createContext(request: Request): Promise<TrpcContext> {
  const user = await currentUser();
  const principal: SessionPrincipal | null = user
    ? { kind: "session", userId: user.id, sessionId: user.sessionId }
    : null;
  return {
    principal,
    origin: {
      ip: nextRequestIp(request.headers.get("x-forwarded-for")),
      userAgent: request.headers.get("user-agent"),
    },
    requestOrigin: request.headers.get("origin"),
    ownOrigin: ownOriginOf(request),
    requestId: requestIdFrom(request.headers.get("x-request-id")),
  };
}
