// The OpenAPI document describes what the server enforces — id, domain and time zone formats,
// required bodies, funnel steps, update bodies and every error status a route can answer — and
// passes Redocly's `recommended` ruleset. The document is built in this process; linting is offline.
import { ERRORS, OBJECT_ID } from "@keygate/core";
import { createWebsiteBody, websiteSettingsFields } from "@keygate/core/contracts";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkIdempotencyKey } from "../src/server/rest/idempotency";
import { openApiDocument } from "../src/server/rest/openapi";
import { ROUTES } from "../src/server/rest/routes";
import { api } from "./helpers";

// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON, walked by the assertions
type Json = any;

const document: Json = JSON.parse(JSON.stringify(openApiDocument(ROUTES)));
const operation = (method: string, path: string): Json => document.paths[`/api/v1${path}`]?.[method];
const bodySchema = (method: string, path: string): Json =>
  operation(method, path).requestBody.content["application/json"].schema;
const operations = Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path.slice(7)}`, op })),
);
const statuses = (op: Json) => Object.keys(op.responses).map(Number);

/**
 * Rules of `recommended` turned off, each with its reason. Everything else must pass with no error
 * and no warning.
 */
const RULES_OFF = {
  // Keygate is not published under a licence, so the document has none to name.
  "info-license": "off",
} as const;

describe("OpenAPI document", () => {
  it("passes Redocly's recommended ruleset with no error and no warning", async () => {
    const config = await createConfig({ extends: ["recommended"], rules: RULES_OFF });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: "/api/v1/openapi.json",
      config,
    });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(found.filter((p) => p.startsWith("error"))).toEqual([]);
    expect(found).toEqual([]);
  });

  it("is the document the server serves", async () => {
    const served = await api("GET", "/openapi.json");
    expect(served.status).toBe(200);
    expect(served.body).toEqual(document);
  });

  it("gives every ObjectId — path parameters, query, bodies, responses — the 24-hex pattern", () => {
    expect(OBJECT_ID.source).toBe("^[0-9a-f]{24}$");
    const websiteId = operation("get", "/admin/websites/{websiteId}").parameters.find(
      (p: Json) => p.name === "websiteId",
    );
    expect(websiteId).toMatchObject({ in: "path", required: true, schema: { pattern: "^[0-9a-f]{24}$" } });
    let checked = 0;
    for (const { key, op } of operations) {
      for (const parameter of op.parameters ?? []) {
        if (parameter.in !== "path" || parameter.name === "visitorId") continue;
        expect(parameter.schema.pattern, `${key} {${parameter.name}}`).toBe("^[0-9a-f]{24}$");
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
    const websiteQuery = operation("get", "/analytics/overview").parameters.find((p: Json) => p.name === "websiteId");
    expect(websiteQuery.schema.pattern).toBe("^[0-9a-f]{24}$");
    expect(bodySchema("delete", "/admin/websites/{websiteId}/team").properties.userId.pattern).toBe("^[0-9a-f]{24}$");
    const created = operation("post", "/admin/websites").responses["200"].content["application/json"].schema;
    expect(created.properties.data.items.properties.websiteId.pattern).toBe("^[0-9a-f]{24}$");
  });

  it("states the Idempotency-Key the server accepts, on exactly the routes that take one", () => {
    const parameter = operation("post", "/admin/websites/{websiteId}/apikeys").parameters.find(
      (p: Json) => p.name === "Idempotency-Key",
    );
    expect(parameter).toMatchObject({ in: "header", required: false });
    const pattern = new RegExp(parameter.schema.pattern);
    const accepts = (value: string) => {
      try {
        return checkIdempotencyKey(value) === value;
      } catch {
        return false;
      }
    };
    for (const value of [
      "5f0c6f4e-8a53-4a43-9a4e-0d9e7b1c2f11",
      "a",
      "~!x",
      "x".repeat(255),
      "",
      "a b",
      "é",
      "x".repeat(256),
    ]) {
      expect([value, pattern.test(value)]).toEqual([value, accepts(value)]);
    }
    const taking = operations.filter(({ op }) => op.parameters?.some((p: Json) => p.name === "Idempotency-Key"));
    expect(taking.map(({ key }) => key).sort()).toEqual(
      ROUTES.filter((route) => route.idempotent)
        .map((route) => `${route.method.toUpperCase()} ${route.path}`)
        .sort(),
    );
    expect(taking).toHaveLength(3);
  });

  it("states the domain the server accepts as a pattern that agrees with its validation", () => {
    const field = bodySchema("post", "/admin/websites").properties.domain;
    expect(field.description).toMatch(/hostname.*253.*scheme.*lowercase/s);
    const pattern = new RegExp(field.pattern);
    const accepts = (value: string) => createWebsiteBody.shape.domain.safeParse(value).success;
    for (const value of ["example.com", " HTTPS://Example.com/pricing ", "a.b.co", `${"a".repeat(63)}.io`]) {
      expect([value, pattern.test(value)]).toEqual([value, true]);
      expect([value, accepts(value)]).toEqual([value, true]);
    }
    for (const value of ["example", "ftp://example.com", "exa mple.com", "example.com:8080", "-a.com", ""]) {
      expect([value, pattern.test(value)]).toEqual([value, false]);
      expect([value, accepts(value)]).toEqual([value, false]);
    }
    // Any string, from pieces that matter to either side: the pattern and the server agree.
    const piece = fc.constantFrom(..."aZ09.-/:* \n\u00a0é".split(""), "https://", "HTTP://", "example", ".com");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const value = pieces.join("");
        return pattern.test(value) === accepts(value);
      }),
      { numRuns: 5_000 },
    );
    // …and at the length limit of a hostname (253 characters).
    for (const labels of [3, 4]) {
      const host = `${Array.from({ length: labels }, () => "a".repeat(62)).join(".")}.com`;
      expect(pattern.test(host)).toBe(accepts(host));
      expect(accepts(host)).toBe(host.length <= 253);
    }
    const hostnames = bodySchema("put", "/admin/websites/{websiteId}").properties.allowedHostnames.items;
    for (const value of ["*.Example.com", " app.example.com", "*.", "app.example.com/x"]) {
      const server = websiteSettingsFields.allowedHostnames.element.safeParse(value).success;
      expect([value, new RegExp(hostnames.pattern).test(value)]).toEqual([value, server]);
    }
  });

  it("states IANA time zones as a pattern and a description, and offsets are refused", () => {
    const field = bodySchema("post", "/admin/websites").properties.timezone;
    expect(field.description).toMatch(/IANA time zone/);
    const pattern = new RegExp(field.pattern);
    const accepts = (value: string) => createWebsiteBody.shape.timezone.safeParse(value).success;
    for (const zone of [...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/GMT+5", "europe/paris"]) {
      expect([zone, pattern.test(zone)]).toEqual([zone, true]);
    }
    for (const value of ["+01:00", "-0530", "Europe/Paris ", "Europe//Paris", ""]) {
      expect([value, pattern.test(value), accepts(value)]).toEqual([value, false, false]);
    }
    const query = operation("get", "/analytics/timeseries").parameters.find((p: Json) => p.name === "timezone");
    expect(query.schema.pattern).toBe(field.pattern);
  });

  it("marks a request body required unless an empty one is valid", () => {
    for (const [method, path] of [
      ["post", "/admin/websites"],
      ["put", "/admin/websites/{websiteId}"],
      ["post", "/admin/websites/{websiteId}/funnels"],
      ["delete", "/admin/websites/{websiteId}/team"],
      ["post", "/goals"],
    ] as const) {
      expect(operation(method, path).requestBody.required, `${method} ${path}`).toBe(true);
    }
    // `{"name"}` is optional: an empty body creates an unnamed key.
    expect(operation("post", "/admin/websites/{websiteId}/apikeys").requestBody.required).toBe(false);
    for (const route of ROUTES.filter((r) => r.body)) {
      const body = operation(route.method, route.path).requestBody;
      expect(body.required, `${route.method} ${route.path}`).toBe(!route.body.safeParse({}).success);
    }
  });

  it("describes funnel steps as a union told apart by `type`: pageview → url, goal → goalName", () => {
    const steps = bodySchema("post", "/admin/websites/{websiteId}/funnels").properties.steps;
    expect(steps).toMatchObject({ minItems: 2, maxItems: 8 });
    expect(steps.items.discriminator).toEqual({
      propertyName: "type",
      mapping: {
        pageview: "#/components/schemas/FunnelPageviewStep",
        goal: "#/components/schemas/FunnelGoalStep",
      },
    });
    expect(steps.items.oneOf).toEqual([
      { $ref: "#/components/schemas/FunnelPageviewStep" },
      { $ref: "#/components/schemas/FunnelGoalStep" },
    ]);
    const { FunnelPageviewStep: pageview, FunnelGoalStep: goal } = document.components.schemas;
    expect(pageview).toMatchObject({ required: ["name", "type", "url"], additionalProperties: false });
    expect(pageview.properties.type.enum).toEqual(["pageview"]);
    expect(pageview.properties).not.toHaveProperty("goalName");
    expect(goal).toMatchObject({ required: ["name", "type", "goalName"], additionalProperties: false });
    expect(goal.properties.type.enum).toEqual(["goal"]);
    expect(goal.properties).not.toHaveProperty("url");
    const update = bodySchema("put", "/admin/websites/{websiteId}/funnels/{funnelId}").properties.steps;
    expect(update.items.discriminator.propertyName).toBe("type");
  });

  it("says update bodies need at least one field", () => {
    for (const path of [
      "/admin/websites/{websiteId}",
      "/admin/websites/{websiteId}/funnels/{funnelId}",
      "/admin/websites/{websiteId}/alerts/{alertId}",
    ]) {
      const schema = bodySchema("put", path);
      expect(schema.minProperties, path).toBe(1);
      expect(schema.description, path).toMatch(/at least one field/);
    }
  });

  it("lists every error status a route can answer, from the one error table, with the envelope", () => {
    const tableStatuses = new Set<number>(Object.values(ERRORS).map((e) => e.status));
    for (const { key, op } of operations) {
      const errors = statuses(op).filter((status) => status !== 200);
      expect(
        errors.filter((status) => !tableStatuses.has(status)),
        key,
      ).toEqual([]);
      // Every route: a credential (401, 403), a path other methods answer (405), limits (429), the database.
      // A signed route (secret-scanning reports) has a signature instead (401), no policy and no rate limit,
      // and is a 404 while no partner keys are configured.
      const signed = op["x-access"]?.scope === "signature";
      expect(errors, key).toEqual(
        expect.arrayContaining(signed ? [401, 404, 405, 500, 503, 504] : [401, 403, 405, 429, 500, 503, 504]),
      );
      if (signed) expect(errors, key).not.toEqual(expect.arrayContaining([403]));
      if (signed) expect(errors, key).not.toContain(429);
      for (const status of errors) {
        expect(op.responses[status].content["application/json"].schema, `${key} ${status}`).toEqual({
          $ref: "#/components/schemas/Error",
        });
      }
      // 413 exactly where the route reads a body.
      expect([key, errors.includes(413)]).toEqual([key, op.requestBody !== undefined]);
      expect(errors, key).not.toContain(415);
    }
    expect(operation("patch", "/admin/websites")).toBeUndefined();
    expect(operation("get", "/admin/websites").responses["405"].headers).toHaveProperty("Allow");
    expect(operation("get", "/admin/websites").responses["429"].headers).toHaveProperty("Retry-After");
    expect(operation("get", "/admin/websites").responses["503"].headers).toHaveProperty("Retry-After");
    expect(document.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);

    // By hand: what a few routes answer.
    const table: Record<string, number[]> = {
      "GET /admin/websites": [401, 403, 405, 429, 500, 503, 504],
      "POST /admin/websites": [400, 401, 403, 405, 409, 413, 429, 500, 503, 504],
      "PUT /admin/websites/{websiteId}": [400, 401, 403, 405, 409, 413, 429, 500, 503, 504],
      "POST /admin/websites/{websiteId}/team": [400, 401, 403, 405, 409, 413, 429, 500, 503, 504],
      "PUT /admin/websites/{websiteId}/team": [400, 401, 403, 404, 405, 413, 429, 500, 503, 504],
      "POST /admin/websites/{websiteId}/funnels": [400, 401, 403, 405, 409, 413, 429, 500, 503, 504],
      "PUT /admin/websites/{websiteId}/funnels/{funnelId}": [400, 401, 403, 404, 405, 409, 413, 429, 500, 503, 504],
      "DELETE /admin/websites/{websiteId}/apikeys/{apiKeyId}": [400, 401, 403, 404, 405, 429, 500, 503, 504],
      "GET /analytics/overview": [400, 401, 403, 405, 429, 500, 503, 504],
      "DELETE /payments": [400, 401, 403, 404, 405, 429, 500, 503, 504],
    };
    for (const [key, expected] of Object.entries(table)) {
      const op = operations.find((o) => o.key === key)?.op;
      expect([key, statuses(op).filter((s) => s !== 200)]).toEqual([key, expected]);
    }
    // No GET can conflict.
    expect(operations.filter((o) => o.key.startsWith("GET ") && statuses(o.op).includes(409))).toEqual([]);
  });
});
