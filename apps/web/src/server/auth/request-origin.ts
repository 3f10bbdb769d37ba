// Where a request inside Next (sign-in, sign-out) came from, for the session row and the audit log.
import { headers } from "next/headers";
import { nextRequestIp } from "../client-ip";
import type { RequestOrigin } from "../services/context";

export async function requestOrigin(): Promise<RequestOrigin> {
  const list = await headers();
  return { ip: nextRequestIp(list.get("x-forwarded-for")), userAgent: list.get("user-agent") };
}
