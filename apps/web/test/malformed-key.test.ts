// server.ts refuses a malformed credential before the REST router runs (src/server/rest/malformed.ts).
// Whatever it answers must be exactly what the router answers for the same request — status,
// envelope, headers — for every route, and for the requests it must leave to the router.
import { generateKey } from "@keygate/core/credentials";
import { describe, expect, it } from "vitest";
import { createRestApp } from "../src/server/rest/app";
import { ROUTES } from "../src/server/rest/routes";
import { baseUrl } from "./helpers";

const ID = "0123456789abcdef01234567";
const valid = generateKey("apiKey");
const MALFORMED = [
  "garbage",
  "df_short",
  `${valid.slice(0, 10)}${valid[10] === "a" ? "b" : "a"}${valid.slice(11)}`,
  `dft_${"x".repeat(36)}`,
];
const router = createRestApp();

interface Answer {
  status: number;
  body: string;
  contentType: string | null;
  requestId: string | null;
}

async function answer(response: Response): Promise<Answer> {
  return {
    status: response.status,
    body: await response.text(),
    contentType: response.headers.get("content-type"),
    requestId: response.headers.get("x-request-id"),
  };
}

/** The same request sent to the running server.ts and to the router in this process. */
async function both(method: string, path: string, headers: Record<string, string>, body?: string) {
  const init = { method, headers, body };
  const [server, inProcess] = await Promise.all([
    fetch(`${baseUrl}${path}`, init).then(answer),
    Promise.resolve(router.request(`http://keygate.test${path}`, init)).then(answer),
  ]);
  return { server, inProcess };
}

describe("malformed credentials refused ahead of the router", () => {
  it("every route: the same 401 as the router, the client's request id echoed", async () => {
    for (const route of ROUTES) {
      const path = `/api/v1${route.path.replace(/\{\w+\}/g, ID)}`;
      for (const key of MALFORMED) {
        const headers = { authorization: `Bearer ${key}`, "x-request-id": "malformed-check" };
        const body = route.method === "get" || route.method === "delete" ? undefined : "{}";
        const { server, inProcess } = await both(route.method.toUpperCase(), path, headers, body);
        expect(server, `${route.method} ${path} ${key}`).toEqual(inProcess);
        // A signed route reads no credential: without partner keys configured (as here) it is a 404 to all.
        expect(server.status).toBe(route.access.scope === "signature" ? 404 : 401);
        expect(server.requestId).toBe("malformed-check");
      }
    }
  });

  it("requests it must not decide: unknown routes, wrong methods, oversized bodies, odd paths — as the router says", async () => {
    const headers = { authorization: "Bearer df_garbage" };
    const cases: Array<[string, string, string | undefined]> = [
      ["GET", "/api/v1/no-such-route", undefined],
      ["PATCH", `/api/v1/admin/websites/${ID}`, "{}"],
      ["POST", "/api/v1/goals", JSON.stringify({ pad: "x".repeat(200 * 1024) })],
      ["GET", "/api/v1/admin/websites/", undefined],
      ["GET", "/api/v1/visitors/a%2Fb", undefined],
      ["GET", "/api/v1/analytics/overview?startAt=2026-01-01", undefined],
    ];
    for (const [method, path, body] of cases) {
      const { server, inProcess } = await both(method, path, headers, body);
      expect({ ...server, requestId: null }, `${method} ${path}`).toEqual({ ...inProcess, requestId: null });
    }
  });

  it("a well-formed key, valid or not, still goes to the router", async () => {
    const { server } = await both("GET", "/api/v1/admin/account", { authorization: `Bearer ${generateKey("apiKey")}` });
    expect(server.status).toBe(401);
    expect(JSON.parse(server.body).error.message).not.toBe("Malformed API key");
  });
});
