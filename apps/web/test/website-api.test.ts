// The Website API as DataFast clients call it: which website a credential reaches, the reply shapes
// the reference documents, and the writes — goals, payments (idempotent under parallel retries)
// and identify.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { analyticsStore } from "../src/server/analytics";
import { db } from "../src/server/db";
import { pageview } from "./analytics-fixtures";
import { api, newApiKey, newUser, newWebsite, type TestUser, tokenFor } from "./helpers";

let owner: TestUser;
let site: string;
let otherSite: string;
let key: string;
let visitor: string;

beforeAll(async () => {
  owner = await newUser("wapi");
  site = await newWebsite(owner, "wapi");
  otherSite = await newWebsite(owner, "wapi-other");
  key = (await newApiKey(owner, site)).key;
  visitor = randomUUID();
  await analyticsStore.ingestEvent(pageview({ websiteId: site, visitorId: visitor, path: "/", at: new Date() }));
});

const withSite = (path: string, website = site) => `${path}${path.includes("?") ? "&" : "?"}websiteId=${website}`;

describe("which website a credential reaches", () => {
  it("a df_ key infers its own website: the seeds' first example works without websiteId", async () => {
    const byKey = await api("GET", "/analytics/overview", { token: key });
    const byToken = await api("GET", withSite("/analytics/overview"), { token: owner.token });
    expect(byKey.status, byKey.text).toBe(200);
    expect(byKey.data).toEqual(byToken.data);
    expect(byKey.data[0]).toMatchObject({ visitors: 1, sessions: 1 });
  });

  it("a df_ key naming its own website passes; naming another website is 403", async () => {
    expect((await api("GET", withSite("/analytics/overview"), { token: key })).status).toBe(200);
    const other = await api("GET", withSite("/analytics/overview", otherSite), { token: key });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe("You do not have access to this website");
  });

  it("a dft_ token must name the website: 400 naming websiteId; a malformed id is a 400 too", async () => {
    const missing = await api("GET", "/analytics/overview", { token: owner.token });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([
      { path: "websiteId", message: "Required with an account token (dft_)" },
    ]);
    expect(missing.body.error.message).toContain("websiteId");
    expect((await api("GET", "/analytics/overview?websiteId=nope", { token: owner.token })).status).toBe(400);
    const writes = await api("POST", "/goals", {
      token: owner.token,
      body: { datafast_visitor_id: visitor, name: "x" },
    });
    expect(writes.status).toBe(400);
  });

  it("a token is bounded by its permissions, its website list and its user's role now", async () => {
    const readOnly = await tokenFor(owner.id, ["analytics:read"], [site]);
    expect((await api("GET", withSite("/analytics/overview"), { token: readOnly })).status).toBe(200);
    const denied = await api("POST", withSite("/goals"), {
      token: readOnly,
      body: { datafast_visitor_id: visitor, name: "x" },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe("Missing permission: goals:write");
    expect((await api("GET", withSite("/analytics/overview", otherSite), { token: readOnly })).status).toBe(403);
    const outsider = await newUser("wapi-outsider");
    expect((await api("GET", withSite("/analytics/overview"), { token: outsider.token })).status).toBe(403);
  });

  it("goals:read and payments:read open no Website API route: every read needs analytics:read", async () => {
    const token = await tokenFor(owner.id, ["goals:read", "payments:read"], [site]);
    for (const path of ["/analytics/overview", "/analytics/goals", "/visitors"]) {
      const response = await api("GET", withSite(path), { token });
      expect(response.status, path).toBe(403);
      expect(response.body.error.message).toBe("Missing permission: analytics:read");
    }
  });
});

describe("reply shapes, as the reference documents them", () => {
  it("realtime is [{visitors}]; realtime map, visitor and identify carry data as an object", async () => {
    expect((await api("GET", "/analytics/realtime", { token: key })).body).toEqual({
      status: "success",
      data: [{ visitors: 1 }],
    });
    expect((await api("GET", "/analytics/realtime?fields=sessions", { token: key })).status).toBe(400);
    const map = await api("GET", "/analytics/realtime/map", { token: key });
    expect(map.body.data).toMatchObject({ count: 1, visitors: [{ visitorId: visitor }] });
    expect(Array.isArray(map.body.data)).toBe(false);
    const one = await api("GET", `/visitors/${visitor}`, { token: key });
    expect(one.body.data.visitorId).toBe(visitor);
  });

  it("metadata answers the website's settings and refuses unknown fields", async () => {
    const metadata = await api("GET", "/analytics/metadata?fields=timezone,currency,kpiColorScheme", { token: key });
    expect(metadata.data).toEqual([{ timezone: "Europe/Paris", currency: "USD", kpiColorScheme: "blue" }]);
    expect((await api("GET", "/analytics/metadata?fields=owner", { token: key })).status).toBe(400);
  });

  it("every Website API route is in the OpenAPI document with its permission", async () => {
    const document = await (await fetch(`${inject("baseUrl")}/api/v1/openapi.json`)).json();
    expect(document.paths["/api/v1/analytics/overview"].get["x-permission"]).toBe("analytics:read");
    expect(document.paths["/api/v1/payments"].post["x-permission"]).toBe("payments:write");
    expect(document.paths["/api/v1/identify"].post["x-permission"]).toBe("identify:write");
    expect(Object.keys(document.paths["/api/v1/goals"]).sort()).toEqual(["delete", "post"]);
  });
});

describe("POST and DELETE /goals", () => {
  it("records a goal with a normalized name and metadata, then deletes it by name", async () => {
    const created = await api("POST", "/goals", {
      token: key,
      body: { datafast_visitor_id: visitor, name: "Newsletter Signup", metadata: { source: "<b>footer</b>" } },
    });
    expect(created.status, created.text).toBe(200);
    expect(created.data).toEqual([
      { message: "Custom event created successfully", eventId: expect.stringMatching(/^[0-9a-f]{24}$/) },
    ]);
    const goals = await api("GET", "/analytics/goals", { token: key });
    expect(goals.data).toContainEqual({ goal: "newsletter_signup", completions: 1, visitors: 1 });
    const properties = await api("GET", "/analytics/goals/properties?eventName=newsletter_signup&propertyName=source", {
      token: key,
    });
    expect(properties.data).toEqual([{ property: "source", value: "footer", completions: 1, visitors: 1 }]);

    const deleted = await api("DELETE", "/goals?name=Newsletter%20Signup", { token: key });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.data).toEqual([
      { message: "Goal events deleted successfully", deleted: 1, goal_name: "newsletter_signup" },
    ]);
    expect((await api("DELETE", "/goals?name=newsletter_signup", { token: key })).status).toBe(404);
  });

  it("deleting goals keeps the session's numbers consistent: the visit is a bounce again", async () => {
    const fresh = randomUUID();
    await analyticsStore.ingestEvent(pageview({ websiteId: site, visitorId: fresh, path: "/", at: new Date() }));
    await api("POST", "/goals", { token: key, body: { visitorId: fresh, name: "clicked" } });
    const session = async () =>
      (await db()).analyticsSession.findFirstOrThrow({
        where: { websiteId: site, visitorId: fresh },
        select: { events: true },
      });
    expect((await session()).events).toBe(2);
    const deleted = await api("DELETE", `/goals?datafast_visitor_id=${fresh}&start=2000-01-01&end=2100-01-01`, {
      token: key,
    });
    expect(deleted.data[0]).toMatchObject({
      message: "Goal events deleted successfully within time range",
      datafast_visitor_id: fresh,
    });
    expect((await session()).events).toBe(1);
  });

  it("refuses reserved and invalid names, bad metadata, unknown visitors and an empty delete", async () => {
    const bad = [
      { datafast_visitor_id: visitor, name: "payment" },
      { datafast_visitor_id: visitor, name: "héllo wörld" },
      { datafast_visitor_id: visitor, name: "x".repeat(65) },
      { datafast_visitor_id: "not-a-uuid", name: "ok" },
      { name: "ok" },
      {
        datafast_visitor_id: visitor,
        name: "ok",
        metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"])),
      },
      { datafast_visitor_id: visitor, name: "ok", metadata: { "Bad Key": "v" } },
    ];
    for (const body of bad) {
      const response = await api("POST", "/goals", { token: key, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details.length).toBeGreaterThan(0);
    }
    const unknown = await api("POST", "/goals", {
      token: key,
      body: { datafast_visitor_id: randomUUID(), name: "ok" },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe("Visitor has no pageviews on this website");
    expect((await api("DELETE", "/goals", { token: key })).status).toBe(400);
    expect((await api("DELETE", "/goals?startAt=2026-01-01", { token: key })).status).toBe(400);
  });
});

describe("POST and DELETE /payments", () => {
  it("answers a bare body and is idempotent on transaction_id under 12 parallel retries", async () => {
    const body = { amount: 29.99, currency: "usd", transaction_id: `tx_${randomUUID()}`, datafast_visitor_id: visitor };
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => api("POST", "/payments", { token: key, body })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    for (const response of responses) {
      expect(Object.keys(response.body).sort()).toEqual(["message", "transaction_id"]);
      expect(response.body.transaction_id).toBe(body.transaction_id);
    }
    const messages = responses.map((r) => r.body.message);
    expect(messages.filter((m) => m === "Payment recorded and attributed successfully")).toHaveLength(1);
    expect(messages.filter((m) => m.includes("duplicate"))).toHaveLength(11);
    const rows = await (await db()).analyticsPayment.findMany({
      where: { websiteId: site, transactionId: body.transaction_id },
    });
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.amount)).toBe(29.99);
    expect(rows[0]?.currency).toBe("USD");
  });

  it("deletes by transaction id (404 when unknown), by visitor, or by range; refuses no filter", async () => {
    const tx = `tx_${randomUUID()}`;
    await api("POST", "/payments", { token: key, body: { amount: 5, currency: "EUR", transaction_id: tx } });
    const deleted = await api("DELETE", `/payments?tx_id=${tx}`, { token: key });
    expect(deleted.data).toEqual([{ message: "Payment deleted successfully", deleted: 1, transaction_id: tx }]);
    expect((await api("DELETE", `/payments?transaction_id=${tx}`, { token: key })).status).toBe(404);
    const byVisitor = await api("DELETE", `/payments?datafast_visitor_id=${visitor}`, { token: key });
    expect(byVisitor.data[0]).toMatchObject({
      message: "All payments for visitor deleted successfully",
      datafast_visitor_id: visitor,
    });
    expect((await api("DELETE", "/payments", { token: key })).status).toBe(400);
    const range = await api("DELETE", "/payments?startAt=2000-01-01&endAt=2000-01-02", { token: key });
    expect(range.data[0]).toMatchObject({
      deleted: 0,
      timeRange: { start: expect.any(String), end: expect.any(String) },
    });
  });

  it("refuses negative amounts, bad currencies and a missing transaction id", async () => {
    for (const body of [
      { amount: -1, currency: "USD", transaction_id: "t" },
      { amount: 1, currency: "dollars", transaction_id: "t" },
      { amount: 1, currency: "USD" },
      { amount: "many", currency: "USD", transaction_id: "t" },
    ]) {
      const response = await api("POST", "/payments", { token: key, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("POST /identify", () => {
  it("creates the profile once and merges later metadata; data is an object", async () => {
    const first = await api("POST", "/identify", {
      token: key,
      body: { user_id: "user_1", datafast_visitor_id: visitor, email: "ada@example.com", plan: "pro" },
    });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({
      status: "success",
      data: { message: "User profile created successfully", profileId: expect.stringMatching(/^[0-9a-f]{24}$/) },
    });
    const second = await api("POST", "/identify", {
      token: key,
      body: { user_id: "user_1", datafast_visitor_id: visitor, plan: "team" },
    });
    expect(second.body.data.profileId).toBe(first.body.data.profileId);
    const profile = (await api("GET", `/visitors/${visitor}`, { token: key })).body.data.profile;
    expect(profile).toMatchObject({ userId: "user_1", metadata: { email: "ada@example.com", plan: "team" } });
  });

  it("refuses a missing or too long user_id, a bad visitor id, and unknown visitors", async () => {
    for (const body of [
      { datafast_visitor_id: visitor },
      { user_id: "x".repeat(256), datafast_visitor_id: visitor },
      { user_id: "u", datafast_visitor_id: "v" },
    ]) {
      expect((await api("POST", "/identify", { token: key, body })).status).toBe(400);
    }
    expect(
      (await api("POST", "/identify", { token: key, body: { user_id: "u", datafast_visitor_id: randomUUID() } }))
        .status,
    ).toBe(404);
  });

  it("a NUL character in metadata is a 400, not a 500", async () => {
    const response = await api("POST", "/identify", {
      token: key,
      rawBody: JSON.stringify({ user_id: "u", datafast_visitor_id: visitor, note: "a\u0000b" }),
    });
    expect(response.status).toBe(400);
    expect(response.body.status).toBe("error");
  });
});

describe("a query that runs too long", () => {
  it("answers 504 in the envelope (Postgres cancels it at the statement timeout)", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    const thrown = await client
      .query("SET statement_timeout = 50; SELECT pg_sleep(1)")
      .then(() => null)
      .catch((error: unknown) => error);
    await client.end();
    const { toErrorResponse } = await import("../src/server/rest/errors");
    const { Hono } = await import("hono");
    const app = new Hono();
    app.get("/", () => {
      throw thrown;
    });
    app.onError(toErrorResponse);
    const response = await app.request("/");
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({
      status: "error",
      error: { code: 504, message: "The query took too long; retry with a smaller date range" },
    });
  });
});
