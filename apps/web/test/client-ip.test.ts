// The one place that decides a client's address: a client's own X-Forwarded-For never counts unless
// a proxy Keygate trusts wrote it (TRUST_PROXY), or server.ts replaced it with the socket's address.
import { describe, expect, it } from "vitest";
import { env } from "../src/env";
import { clientIp, markCustomServer, nextRequestIp } from "../src/server/client-ip";

describe("client address", () => {
  it("REST and collection: the socket's address, whatever the client claims", () => {
    expect(env.TRUST_PROXY).toBe(false);
    expect(clientIp("1.2.3.4", "10.0.0.7")).toBe("10.0.0.7");
    expect(clientIp(["1.2.3.4, 5.6.7.8"], undefined)).toBe("unknown");
  });

  it("inside Next under `next start` alone: unknown, since the header may be the client's; under server.ts: the address it wrote", () => {
    expect(nextRequestIp("1.2.3.4")).toBeNull();
    expect(nextRequestIp(undefined)).toBeNull();
    markCustomServer();
    expect(nextRequestIp("10.0.0.7")).toBe("10.0.0.7");
    expect(nextRequestIp(["1.2.3.4, 10.0.0.7"])).toBe("10.0.0.7");
  });
});
