// `next start` alone (no server.ts) serves the REST API through Next's catch-all route: the same
// answers as server.ts, and a client address no client can choose.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addMember, api, baseUrl, newUser, newWebsite, type TestUser } from "./helpers";
import { type RunningServer, startNextOnly, testLogPath } from "./server";

const databaseUrl = inject("databaseUrl");
let nextOnly: RunningServer;
/** `next start` behind a proxy we run (TRUST_PROXY=true). */
let nextBehindProxy: RunningServer;
let owner: TestUser;
let viewer: TestUser;
let site: string;

beforeAll(async () => {
  [nextOnly, nextBehindProxy] = await Promise.all([
    startNextOnly({ env: { DATABASE_URL: databaseUrl }, logPath: testLogPath("next-start") }),
    startNextOnly({ env: { DATABASE_URL: databaseUrl, TRUST_PROXY: "true" }, logPath: testLogPath("next-start") }),
  ]);
  owner = await newUser("next-owner");
  viewer = await newUser("next-viewer");
  site = await newWebsite(owner, "next-start");
  await addMember(site, viewer, "viewer");
});

afterAll(async () => {
  await Promise.all([nextOnly?.stop(), nextBehindProxy?.stop()]);
});

/** The address the audit log recorded for a key created through `server` with these headers. */
async function recordedAddress(server: string, headers: Record<string, string> = {}): Promise<string | null> {
  const created = await api("POST", `/admin/websites/${site}/apikeys`, {
    token: owner.token,
    body: { name: "address" },
    headers,
    server,
  });
  expect(created.status).toBe(200);
  const log = await api<{ ip: string | null; targetId: string }>(
    "GET",
    `/admin/websites/${site}/audit-log?action=api_key.created&limit=1`,
    { token: owner.token },
  );
  expect(log.data[0]?.targetId).toBe(created.data[0]?._id);
  return log.data[0]?.ip ?? null;
}

describe("next start without server.ts", () => {
  it("answers as server.ts does: same status, body and Allow for a 200, 401, 403, 404, 405 and 413, OpenAPI and the reference page", async () => {
    const cases: [method: string, path: string, options: Parameters<typeof api>[2]][] = [
      ["GET", `/admin/websites/${site}`, { token: owner.token }],
      ["GET", "/admin/account", {}],
      ["PUT", `/admin/websites/${site}`, { token: viewer.token, body: { name: "Renamed" } }],
      ["GET", "/nope", { token: owner.token }],
      ["PATCH", "/admin/websites", { token: owner.token }],
      ["POST", `/admin/websites/${site}/apikeys`, { token: owner.token, body: { name: "x".repeat(200 * 1024) } }],
      ["GET", "/openapi.json", {}],
      ["GET", "/reference", {}],
      ["GET", "/reference/scalar.js", {}],
    ];
    const statuses: number[] = [];
    for (const [method, path, options] of cases) {
      const [viaServer, viaNext] = [
        await api(method, path, options),
        await api(method, path, { ...options, server: nextOnly.baseUrl }),
      ];
      expect(viaNext.status, `${method} ${path}`).toBe(viaServer.status);
      expect(viaNext.text, `${method} ${path}`).toBe(viaServer.text);
      expect(viaNext.headers.get("allow")).toBe(viaServer.headers.get("allow"));
      expect(viaNext.headers.get("content-type")).toBe(viaServer.headers.get("content-type"));
      expect(viaNext.headers.get("x-request-id")).toBeTruthy();
      statuses.push(viaNext.status);
    }
    expect(statuses).toEqual([200, 401, 403, 404, 405, 413, 200, 200, 200]);
  });

  it("TRUST_PROXY=false: a client's X-Forwarded-For is never the recorded address, under either server", async () => {
    const spoofed = { "x-forwarded-for": "1.2.3.4" };
    // server.ts sees the socket; Next shows route handlers no socket, so the address is unknown.
    expect(await recordedAddress(baseUrl, spoofed)).toBe("127.0.0.1");
    expect(await recordedAddress(nextOnly.baseUrl, spoofed)).toBe("unknown");
    expect(await recordedAddress(nextOnly.baseUrl)).toBe("unknown");
  });

  it("TRUST_PROXY=true: the address the proxy appended (not what the client claimed before it), or the socket address Next puts there when there is none", async () => {
    expect(await recordedAddress(nextBehindProxy.baseUrl, { "x-forwarded-for": "1.2.3.4, 10.0.0.1" })).toBe("10.0.0.1");
    expect(await recordedAddress(nextBehindProxy.baseUrl)).toBe("127.0.0.1");
  });
});
