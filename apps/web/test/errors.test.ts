// Every failure under /api/v1 uses DataFast's envelope with the right status; the OpenAPI
// document lists every route; an unexpected fault is a 500 that names the request, not the cause.
import { readFileSync } from "node:fs";
import { generateKey } from "@keygate/core/credentials";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { ROUTES } from "../src/server/rest/routes";
import { type ApiResponse, api, baseUrl, db, newApiKey, newUser, newWebsite } from "./helpers";

function expectEnvelope(response: ApiResponse, status: number) {
  expect(response.status).toBe(status);
  expect(response.body.status).toBe("error");
  expect(response.body.error.code).toBe(status);
  expect(response.body.error.message).toEqual(expect.stringMatching(/\w/));
  expect(response.headers.get("x-request-id")).toBeTruthy();
}

describe("errors", () => {
  it("401 for a missing, garbled, wrongly-checksummed, unknown or non-bearer credential — before any 400", async () => {
    const user = await newUser("errors");
    const site = await newWebsite(user);
    const { key } = await newApiKey(user, site);
    const flipped = `${key.slice(0, 10)}${key[10] === "a" ? "b" : "a"}${key.slice(11)}`;
    const path = `/admin/websites/${site}/apikeys`;
    expectEnvelope(await api("GET", path), 401);
    expectEnvelope(await api("GET", path, { token: "garbage" }), 401);
    expectEnvelope(await api("GET", path, { token: flipped }), 401);
    expect((await api("GET", path, { token: flipped })).body.error.message).toBe("Malformed API key");
    expectEnvelope(await api("GET", path, { token: generateKey("accessToken") }), 401);
    expectEnvelope(await api("GET", path, { headers: { authorization: `Basic ${key}` } }), 401);
    expectEnvelope(await api("GET", "/admin/websites/not-an-id/apikeys"), 401);
  });

  it("404 for unknown routes, 405 with Allow for known paths with the wrong method", async () => {
    expectEnvelope(await api("GET", "/nope"), 404);
    expectEnvelope(await api("GET", "/admin/websites/0123456789abcdef01234567/nothing"), 404);
    const patch = await api("PATCH", "/admin/websites");
    expectEnvelope(patch, 405);
    expect(patch.headers.get("allow")).toBe("GET, POST");
    const post = await api("POST", "/admin/account");
    expectEnvelope(post, 405);
    expect(post.headers.get("allow")).toBe("GET, PUT");
  });

  it("400 for malformed JSON, invalid ids and wrong types (with details); 413 for a large body — nothing written", async () => {
    const user = await newUser("bad-input");
    const site = await newWebsite(user);
    const before = await (await db()).websiteApiKey.count({ where: { websiteId: site } });
    const malformed = await api("POST", `/admin/websites/${site}/apikeys`, { token: user.token, rawBody: '{"name":' });
    expectEnvelope(malformed, 400);
    expect(malformed.body.error.message).toBe("Malformed JSON body");
    for (const id of ["abc", "0123456789abcdef012345678", "0123456789ABCDEF01234567"]) {
      const response = await api("GET", `/admin/websites/${id}/apikeys`, { token: user.token });
      expectEnvelope(response, 400);
      expect(response.body.error.details[0].path).toBe("websiteId");
    }
    const wrongType = await api("POST", `/admin/websites/${site}/apikeys`, { token: user.token, body: { name: 42 } });
    expectEnvelope(wrongType, 400);
    expect(wrongType.body.error.details).toEqual([{ path: "name", message: expect.stringContaining("string") }]);
    const huge = await api("POST", `/admin/websites/${site}/apikeys`, {
      token: user.token,
      body: { name: "x".repeat(200 * 1024) },
    });
    expectEnvelope(huge, 413);
    // The unread rest of the body makes the connection unusable: the client must not send another on it.
    expect(huge.headers.get("connection")).toBe("close");
    expect(await (await db()).websiteApiKey.count({ where: { websiteId: site } })).toBe(before);
  });

  it("names refuse control characters and bidi overrides with a 400 naming the field; NUL anywhere in a body is a 400", async () => {
    const owner = await newUser("hostile-names");
    const site = await newWebsite(owner, "hostile");
    const hostile = ["a\u0000b", "tab\there", "line\nbreak", "evil\u202Etxt.exe", "iso\u2066late", "del\u007f"];
    for (const name of hostile) {
      const key = await api("POST", `/admin/websites/${site}/apikeys`, { token: owner.token, body: { name } });
      expect(key.status, JSON.stringify(name)).toBe(400);
      expect(key.body.error.details).toContainEqual({ path: "name", message: expect.stringMatching(/control|NUL/) });
      const funnel = await api("POST", `/admin/websites/${site}/funnels`, {
        token: owner.token,
        body: {
          name,
          steps: [
            { name: "A", type: "pageview", url: "/a" },
            { name: "B", type: "goal", goalName: "b" },
          ],
        },
      });
      expect(funnel.status).toBe(400);
      expect((await api("PUT", "/admin/account", { token: owner.token, body: { name } })).status).toBe(400);
    }
    // NUL deep inside free-form JSON (funnel steps, identify metadata) never reaches a JSON column.
    const step = await api("POST", `/admin/websites/${site}/funnels`, {
      token: owner.token,
      rawBody: JSON.stringify({
        name: "ok",
        steps: [
          { name: "A\u0000", type: "pageview", url: "/a" },
          { name: "B", type: "goal", goalName: "b" },
        ],
      }),
    });
    expect(step.status).toBe(400);
    expect(step.body.error.details).toEqual([{ path: "steps.0.name", message: "Must not contain NUL characters" }]);
    const keyInName = await api("POST", `/admin/websites/${site}/funnels`, {
      token: owner.token,
      rawBody: '{"name":"ok","st\\u0000eps":[]}',
    });
    expect(keyInName.status).toBe(400);
    expect((await api("GET", `/admin/websites/${site}/funnels`, { token: owner.token })).data).toEqual([]);
    const fine = await api("POST", `/admin/websites/${site}/apikeys`, {
      token: owner.token,
      body: { name: "Prod — café ☕ 日本" },
    });
    expect(fine.status, fine.text).toBe(200);
  });

  it("500 with a generic message and the request id; the cause is logged, the key never is", async () => {
    const user = await newUser("fault");
    const site = await newWebsite(user);
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    let response: ApiResponse;
    try {
      await client.query('ALTER TABLE "WebsiteApiKey" RENAME TO "WebsiteApiKeyAway"');
      response = await api("GET", `/admin/websites/${site}/apikeys`, { token: user.token });
    } finally {
      await client.query('ALTER TABLE "WebsiteApiKeyAway" RENAME TO "WebsiteApiKey"');
      await client.end();
    }
    expectEnvelope(response, 500);
    const requestId = response.headers.get("x-request-id") as string;
    expect(response.body.error.message).toBe(`Internal server error (request id ${requestId})`);
    expect(response.text).not.toMatch(/WebsiteApiKey|SELECT|at \w+ \(/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = readFileSync(inject("serverLogPath"), "utf8");
    const line = log.split("\n").find((l) => l.includes(requestId)) ?? "";
    expect(line).toContain("WebsiteApiKey");
    expect(log).not.toContain(user.token);
    expect((await api("GET", `/admin/websites/${site}/apikeys`, { token: user.token })).status).toBe(200);
  });
});

describe("OpenAPI", () => {
  const EXPECTED = [
    "GET /admin/account",
    "PUT /admin/account",
    "GET /admin/websites",
    "POST /admin/websites",
    "GET /admin/websites/{websiteId}",
    "PUT /admin/websites/{websiteId}",
    "DELETE /admin/websites/{websiteId}",
    "GET /admin/websites/{websiteId}/apikeys",
    "POST /admin/websites/{websiteId}/apikeys",
    "PUT /admin/websites/{websiteId}/apikeys/{apiKeyId}",
    "DELETE /admin/websites/{websiteId}/apikeys/{apiKeyId}",
    "GET /admin/websites/{websiteId}/apikeys/{apiKeyId}/usage",
    "GET /admin/websites/{websiteId}/webhooks",
    "POST /admin/websites/{websiteId}/webhooks",
    "DELETE /admin/websites/{websiteId}/webhooks/{webhookId}",
    "POST /admin/websites/{websiteId}/webhooks/{webhookId}/test",
    "GET /admin/websites/{websiteId}/webhooks/{webhookId}/deliveries",
    "GET /admin/websites/{websiteId}/team",
    "POST /admin/websites/{websiteId}/team",
    "PUT /admin/websites/{websiteId}/team",
    "DELETE /admin/websites/{websiteId}/team",
    "GET /admin/websites/{websiteId}/funnels",
    "POST /admin/websites/{websiteId}/funnels",
    "PUT /admin/websites/{websiteId}/funnels/{funnelId}",
    "DELETE /admin/websites/{websiteId}/funnels/{funnelId}",
    "GET /admin/websites/{websiteId}/alerts",
    "POST /admin/websites/{websiteId}/alerts",
    "PUT /admin/websites/{websiteId}/alerts/{alertId}",
    "DELETE /admin/websites/{websiteId}/alerts/{alertId}",
    "GET /admin/websites/{websiteId}/audit-log",
    "GET /admin/access-tokens",
    "POST /admin/access-tokens",
    "DELETE /admin/access-tokens/{tokenId}",
    "GET /admin/access-tokens/{tokenId}/usage",
    ...[
      "overview",
      "timeseries",
      "realtime",
      "realtime/map",
      "metadata",
      "pages",
      "referrers",
      "countries",
      "regions",
      "cities",
      "devices",
      "browsers",
      "operating-systems",
      "campaigns",
      "hostnames",
      "exit-clicks",
      "goals",
      "goals/properties",
      "funnels/{funnelId}",
    ].map((report) => `GET /analytics/${report}`),
    "GET /visitors",
    "GET /visitors/{visitorId}",
    "POST /goals",
    "DELETE /goals",
    "POST /payments",
    "DELETE /payments",
    "POST /identify",
    "DELETE /visitors/{visitorId}",
    "GET /export",
    "POST /secret-scanning/reports",
  ];

  it("GET /openapi.json documents every route with its required permission", async () => {
    const document = (await api("GET", "/openapi.json")).body;
    expect(document.openapi).toMatch(/^3\.1\./);
    const operations = Object.entries(
      document.paths as Record<string, Record<string, { "x-permission": unknown; responses: Record<string, unknown> }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path.replace("/api/v1", "")}`,
        operation,
      })),
    );
    expect(operations.map((o) => o.key).sort()).toEqual([...EXPECTED].sort());
    expect(ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort()).toEqual([...EXPECTED].sort());
    for (const route of ROUTES) {
      const operation = operations.find((o) => o.key === `${route.method.toUpperCase()} ${route.path}`)?.operation;
      expect(operation?.["x-permission"]).toBe(route.access.permission);
      // POST /payments answers a bare body, as DataFast's does, and so does a secret-scanning report (the
      // partner's format); every other route has the envelope.
      expect(JSON.stringify(operation?.responses["200"])).toContain(
        route.reply !== "bare" ? '"data"' : route.access.scope === "signature" ? '"token_hash"' : '"transaction_id"',
      );
    }
    expect(
      operations.find((o) => o.key === "POST /admin/websites/{websiteId}/apikeys")?.operation["x-permission"],
    ).toBe("api-keys:write");
  });

  it("operationIds are unique identifiers that generated clients can use", async () => {
    const document = (await api("GET", "/openapi.json")).body;
    const ids = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
      (methods) => Object.values(methods).map((operation) => operation.operationId),
    );
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("the API reference page is served by Keygate itself, with no CDN", async () => {
    const page = await fetch(`${baseUrl}/api/v1/reference`);
    const html = await page.text();
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(html).toContain("/api/v1/reference/scalar.js");
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${baseUrl}/api/v1/reference/scalar.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });
});
