// Builds the tRPC context from a request: the next-auth session becomes a policy principal.
import { randomUUID } from "node:crypto";
import type { SessionPrincipal } from "@keygate/core/policy";
import { getServerSession } from "next-auth";
import { env } from "../../env";
import { authOptions } from "../auth/options";
import { nextRequestIp } from "../client-ip";
import type { TrpcContext } from "./init";

/** A client's X-Request-Id when it is a plain token (as REST accepts it), else a new one. */
function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && given.length <= 255 && /^[\w\-=]+$/.test(given) ? given : randomUUID();
}

/**
 * Our origin as the browser addressed this request: the Host header with the scheme the request
 * arrived on (or, behind a trusted proxy, the one it says the browser used).
 */
function ownOriginOf(request: Request): string | null {
  const host = request.headers.get("host");
  if (!host) return null;
  const forwarded = env.TRUST_PROXY ? request.headers.get("x-forwarded-proto")?.split(",").at(-1)?.trim() : null;
  const scheme = forwarded === "https" || forwarded === "http" ? `${forwarded}:` : new URL(request.url).protocol;
  return `${scheme}//${host}`;
}

export async function createContext(request: Request): Promise<TrpcContext> {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  const principal: SessionPrincipal | null = userId ? { kind: "session", userId } : null;
  return {
    principal,
    origin: {
      ip: nextRequestIp(request.headers.get("x-forwarded-for")),
      userAgent: request.headers.get("user-agent"),
    },
    requestOrigin: request.headers.get("origin"),
    ownOrigin: ownOriginOf(request),
    requestId: requestIdOf(request),
  };
}
