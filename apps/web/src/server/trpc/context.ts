// Builds the tRPC context from a request: the next-auth session becomes a policy principal.
import type { SessionPrincipal } from "@keygate/core/policy";
import { getServerSession } from "next-auth";
import { authOptions } from "../auth/options";
import { nextRequestIp } from "../client-ip";
import type { TrpcContext } from "./init";

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
    host: request.headers.get("host"),
  };
}
