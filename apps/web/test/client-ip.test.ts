// The one place that decides a client's address: a client's own X-Forwarded-For never counts unless
// a proxy Keygate trusts wrote it (TRUST_PROXY), or server.ts replaced it with the socket's address.
import { describe, expect, it } from "vitest";
import { env } from "../src/env";
import { clientIp, forwardedHop, markCustomServer, nextRequestIp } from "../src/server/client-ip";

describe("client address", () => {
  it("REST and collection: the socket's address, whatever the client claims", () => {
    expect(env.TRUST_PROXY).toBe(0);
    expect(clientIp("1.2.3.4", "10.0.0.7")).toBe("10.0.0.7");
    expect(clientIp(["1.2.3.4, 5.6.7.8"], undefined)).toBe("unknown");
  });

  it("behind N trusted proxies: the right-most entry the client did not write (the N-th from the right)", () => {
    // client claims 6.6.6.6; proxy 1 saw 203.0.113.9; proxy 2 saw proxy 1 at 10.0.0.2
    const header = "6.6.6.6, 203.0.113.9, 10.0.0.2";
    expect(clientIp(header, "10.0.0.3", 2)).toBe("203.0.113.9");
    expect(clientIp(header, "10.0.0.3", 1)).toBe("10.0.0.2");
    expect(clientIp(header, "10.0.0.3", 0)).toBe("10.0.0.3");
    // Shorter than the proxies we run: it skipped one of them, so none of it counts.
    expect(clientIp("6.6.6.6", "10.0.0.3", 2)).toBe("10.0.0.3");
    expect(clientIp(["6.6.6.6", "203.0.113.9, 10.0.0.2"], undefined, 2)).toBe("203.0.113.9");
    expect(forwardedHop("a, , c", 2)).toBeNull();
  });

  it("inside Next under `next start` alone: unknown, since the header may be the client's; under server.ts: the address it wrote", () => {
    expect(nextRequestIp("1.2.3.4")).toBeNull();
    expect(nextRequestIp(undefined)).toBeNull();
    markCustomServer();
    expect(nextRequestIp("10.0.0.7")).toBe("10.0.0.7");
    expect(nextRequestIp(["1.2.3.4, 10.0.0.7"])).toBe("10.0.0.7");
  });
});
