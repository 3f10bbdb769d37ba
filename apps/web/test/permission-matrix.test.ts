// Every REST route × every kind of caller, with the expected status written as a table below (not
// derived from the code under test), against server.ts and against `next start` alone (Next's
// catch-all route) on the same database. For every denied write, the database must be unchanged.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { PERMISSIONS } from "@keygate/core/policy";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { analyticsStore } from "../src/server/analytics";
import { ROUTES } from "../src/server/rest/routes";
import { pageview } from "./analytics-fixtures";
import { addMember, api, baseUrl, db, newApiKey, newUser, newWebsite, type TestUser, tokenFor } from "./helpers";
import { type RunningServer, startNextOnly, testLogPath } from "./server";

const CALLERS = [
  "none",
  "malformed",
  "revoked",
  "keyHere",
  "keyOther",
  "tokenWith",
  "tokenWithout",
  "tokenElsewhere",
  "owner",
  "member",
  "viewer",
  "outsider",
  "staff",
] as const;
type Caller = (typeof CALLERS)[number];

// Columns: none malformed revoked | df_ here, df_ other website | dft_ with the route's permission
// (scoped to this website), without it, with * but scoped to another website | * tokens of the
// website's owner, member, viewer, of a non-member, and of a staff member who is not a member.
// biome-ignore format: a table is easier to read aligned
const EXPECTED: Record<string, string> = {
  //                                                         non mal rev kH  kO  tW  tWo tE  own mem vie out stf
  "GET /admin/account":                                     "401 401 401 200 200 200 200 200 200 200 200 200 200",
  "PUT /admin/account":                                     "401 401 401 403 403 200 200 200 200 200 200 200 200",
  "GET /admin/websites":                                    "401 401 401 403 403 200 403 200 200 200 200 200 200",
  "POST /admin/websites":                                   "401 401 401 403 403 200 403 200 200 200 200 200 200",
  "GET /admin/websites/{websiteId}":                        "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "PUT /admin/websites/{websiteId}":                        "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "DELETE /admin/websites/{websiteId}":                     "401 401 401 403 403 403 403 403 403 403 403 403 403",
  "GET /admin/websites/{websiteId}/apikeys":                "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "POST /admin/websites/{websiteId}/apikeys":               "401 401 401 200 403 200 403 403 200 200 403 403 403",
  // A token holding only api-keys:write may not roll the (full) fixture key: rolling hands over a key
  // that can do more than the token. Nor may a token holding only settings:write subscribe a webhook
  // to every event: they carry keys and members it cannot read.
  "PUT /admin/websites/{websiteId}/apikeys/{apiKeyId}":     "401 401 401 200 403 403 403 403 200 200 403 403 403",
  "DELETE /admin/websites/{websiteId}/apikeys/{apiKeyId}":  "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "GET /admin/websites/{websiteId}/apikeys/{apiKeyId}/usage": "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /admin/websites/{websiteId}/team":                   "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "POST /admin/websites/{websiteId}/team":                  "401 401 401 403 403 200 403 403 200 403 403 403 403",
  "PUT /admin/websites/{websiteId}/team":                   "401 401 401 403 403 200 403 403 200 403 403 403 403",
  "DELETE /admin/websites/{websiteId}/team":                "401 401 401 403 403 200 403 403 200 403 403 403 403",
  "GET /admin/websites/{websiteId}/funnels":                "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "POST /admin/websites/{websiteId}/funnels":               "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "PUT /admin/websites/{websiteId}/funnels/{funnelId}":     "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "DELETE /admin/websites/{websiteId}/funnels/{funnelId}":  "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "GET /admin/websites/{websiteId}/alerts":                 "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "POST /admin/websites/{websiteId}/alerts":                "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "PUT /admin/websites/{websiteId}/alerts/{alertId}":       "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "DELETE /admin/websites/{websiteId}/alerts/{alertId}":    "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "GET /admin/websites/{websiteId}/audit-log":              "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "GET /admin/websites/{websiteId}/webhooks":               "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "POST /admin/websites/{websiteId}/webhooks":              "401 401 401 200 403 403 403 403 200 200 403 403 403",
  "DELETE /admin/websites/{websiteId}/webhooks/{webhookId}": "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "POST /admin/websites/{websiteId}/webhooks/{webhookId}/test": "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "GET /admin/websites/{websiteId}/webhooks/{webhookId}/deliveries": "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "GET /admin/access-tokens":                               "401 401 401 403 403 200 403 200 200 200 200 200 200",
  "POST /admin/access-tokens":                              "401 401 401 403 403 200 403 403 200 200 200 403 403",
  "DELETE /admin/access-tokens/{tokenId}":                  "401 401 401 403 403 200 403 200 200 200 200 200 200",
  "GET /admin/access-tokens/{tokenId}/usage":               "401 401 401 403 403 200 403 200 200 200 200 200 200",
  // The Website API: the website comes from the df_ key, or ?websiteId= for tokens (a df_ key naming another website is 403).
  "GET /analytics/overview":                                "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/timeseries":                              "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/realtime":                                "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/realtime/map":                            "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/metadata":                                "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/pages":                                   "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/referrers":                               "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/countries":                               "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/regions":                                 "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/cities":                                  "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/devices":                                 "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/browsers":                                "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/operating-systems":                       "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/campaigns":                               "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/hostnames":                               "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/exit-clicks":                             "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/goals":                                   "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/goals/properties":                        "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /analytics/funnels/{funnelId}":                      "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /visitors":                                          "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "GET /visitors/{visitorId}":                              "401 401 401 200 403 200 403 403 200 200 200 403 403",
  "POST /goals":                                            "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "DELETE /goals":                                          "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "POST /payments":                                         "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "DELETE /payments":                                       "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "POST /identify":                                         "401 401 401 200 403 200 403 403 200 200 403 403 403",
  // Data lifecycle: erasing a visitor takes settings:write (not viewers); an export is a read.
  "DELETE /visitors/{visitorId}":                           "401 401 401 200 403 200 403 403 200 200 403 403 403",
  "GET /export":                                            "401 401 401 200 403 200 403 403 200 200 200 403 403",
  // Authenticated by a partner's signature, never by a credential: no partner keys are configured on the
  // test servers, so it is off (404) for everyone; signed requests are tested in leak-reports.test.ts.
  "POST /secret-scanning/reports":                          "404 404 404 404 404 404 404 404 404 404 404 404 404",
};

interface World {
  site: string;
  otherSite: string;
  owner: TestUser;
  member: TestUser;
  viewer: TestUser;
  outsider: TestUser;
  staff: TestUser;
  keyHere: { _id: string; key: string };
  keyOther: { _id: string; key: string };
  revoked: string;
  tokenElsewhere: string;
  target: TestUser;
  /** A visitor with a pageview on `site`. */
  visitorId: string;
}

let world: World;
let client: pg.Client;
/** Started alongside the fixtures; stopped after, even if they failed. */
let nextOnly: Promise<RunningServer> | undefined;
/** Where every cell is sent: the suite's server (server.ts), then `next start` alone. */
let servers: { name: string; url: string }[];

/**
 * A fingerprint of every table except usage timestamps and counters, and webhook deliveries (the
 * delivery job updates them on its own), to prove a denied write changed nothing.
 */
async function fingerprint(): Promise<string> {
  const { rows: tables } = await client.query<{ table_name: string; columns: string }>(`
    SELECT table_name, string_agg(quote_ident(column_name), ', ' ORDER BY column_name) AS columns
    FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name <> 'lastUsedAt' AND table_name NOT IN ('SignInAttempt', 'RateLimit', 'CredentialUsage', 'WebhookDelivery', '_prisma_migrations')
    GROUP BY table_name`);
  const parts: string[] = [];
  for (const { table_name, columns } of tables) {
    const { rows } = await client.query<{ digest: string | null }>(
      `SELECT md5(string_agg(row::text, '|' ORDER BY row::text)) AS digest FROM (SELECT ${columns} FROM "${table_name}") row`,
    );
    parts.push(`${table_name}:${rows[0]?.digest}`);
  }
  return parts.sort().join("\n");
}

function permissionOf(routeKey: string) {
  const route = ROUTES.find((r) => `${r.method.toUpperCase()} ${r.path}` === routeKey);
  if (!route) throw new Error(`no route ${routeKey}`);
  return route.access.permission;
}

async function credentialFor(caller: Caller, routeKey: string): Promise<string | undefined> {
  const permission = permissionOf(routeKey);
  switch (caller) {
    case "none":
      return undefined;
    case "malformed":
      return "dft_this-is-not-a-key";
    case "revoked":
      return world.revoked;
    case "keyHere":
      return world.keyHere.key;
    case "keyOther":
      return world.keyOther.key;
    case "tokenWith":
      return tokenFor(world.owner.id, [permission ?? "analytics:read"], [world.site]);
    case "tokenWithout":
      return tokenFor(
        world.owner.id,
        PERMISSIONS.filter((p) => p !== permission && (permission !== "websites:write" || p !== "websites:read")),
        [world.site],
      );
    case "tokenElsewhere":
      return world.tokenElsewhere;
    default:
      return world[caller].token;
  }
}

function userOf(caller: Caller): string | null {
  if (["owner", "tokenWith", "tokenWithout", "tokenElsewhere"].includes(caller)) return world.owner.id;
  if (["member", "viewer", "outsider", "staff"].includes(caller)) return world[caller as "member"].id;
  return null;
}

/** The request a caller sends to a route: real ids, and a body that is valid for that caller. */
async function requestFor(routeKey: string, caller: Caller): Promise<{ path: string; body?: unknown }> {
  const [method, template] = routeKey.split(" ") as [string, string];
  let path = template.replace("{websiteId}", world.site);
  let body: unknown;
  if (path.includes("{apiKeyId}"))
    path = path.replace("{apiKeyId}", (await newApiKey(world.owner, world.site, "matrix"))._id);
  if (path.includes("{tokenId}")) path = path.replace("{tokenId}", await ownTokenId(userOf(caller) ?? world.owner.id));
  if (path.includes("{funnelId}")) {
    const funnel = await api("POST", `/admin/websites/${world.site}/funnels`, {
      token: world.owner.token,
      body: { name: unique("f"), steps: STEPS },
    });
    path = path.replace("{funnelId}", funnel.data[0]?._id as string);
  }
  if (path.includes("{alertId}")) {
    const alert = await api("POST", `/admin/websites/${world.site}/alerts`, { token: world.owner.token, body: ALERT });
    path = path.replace("{alertId}", alert.data[0]?._id as string);
  }
  if (path.includes("{webhookId}")) {
    const webhook = await api("POST", `/admin/websites/${world.site}/webhooks`, {
      token: world.owner.token,
      body: { url: WEBHOOK_URL },
    });
    path = path.replace("{webhookId}", webhook.data[0]?._id as string);
  }
  if (routeKey.endsWith("/webhooks") && method === "POST") body = { url: WEBHOOK_URL };
  if (routeKey.endsWith("/funnels") && method === "POST") body = { name: unique("f"), steps: STEPS };
  if (routeKey.endsWith("/funnels/{funnelId}") && method === "PUT") body = { name: unique("f") };
  if (routeKey.endsWith("/alerts") && method === "POST") body = ALERT;
  if (routeKey.endsWith("/alerts/{alertId}") && method === "PUT") body = { isEnabled: false };
  if (routeKey === "PUT /admin/account") body = { name: "Matrix" };
  if (routeKey === "POST /admin/websites")
    body = { domain: `m-${randomBytes(4).toString("hex")}.example.com`, timezone: "UTC" };
  if (routeKey === "PUT /admin/websites/{websiteId}") body = { name: "Matrix" };
  if (routeKey === "POST /admin/websites/{websiteId}/team")
    body = { email: `m-${randomBytes(4).toString("hex")}@example.com` };
  if (routeKey === "PUT /admin/websites/{websiteId}/team") body = { userId: world.target.id, role: "viewer" };
  if (routeKey === "DELETE /admin/websites/{websiteId}/team") {
    const fresh = await newUser("removable");
    await addMember(world.site, fresh, "viewer");
    body = { userId: fresh.id };
  }
  if (routeKey === "POST /admin/access-tokens") body = { permissions: ["api-keys:write"], websiteIds: [world.site] };
  if (websiteFromCredential(routeKey)) return websiteApiRequest(routeKey, path);
  return { path, body };
}

function websiteFromCredential(routeKey: string): boolean {
  return ROUTES.some((r) => `${r.method.toUpperCase()} ${r.path}` === routeKey && r.websiteFromCredential);
}

/**
 * Website API calls name this website in ?websiteId= for every caller, df_ keys included: the
 * key of this website passes, the key of the other website is refused like any outsider.
 */
async function websiteApiRequest(routeKey: string, template: string): Promise<{ path: string; body?: unknown }> {
  const query = new URLSearchParams({ websiteId: world.site });
  // Each granted erase deletes its visitor: every request erases a fresh one.
  const visitorId = routeKey === "DELETE /visitors/{visitorId}" ? await seedVisitor(world.site) : world.visitorId;
  const path = template.replace("{visitorId}", visitorId);
  let body: unknown;
  if (routeKey === "GET /analytics/timeseries") query.set("fields", "visitors");
  if (routeKey === "GET /analytics/timeseries") query.set("interval", "day");
  if (routeKey === "GET /analytics/goals/properties") query.set("eventName", "signup");
  if (routeKey === "GET /export") {
    query.set("startAt", "2026-01-01");
    query.set("endAt", "2026-01-31");
  }
  if (routeKey === "POST /goals") body = { datafast_visitor_id: world.visitorId, name: "matrix_goal" };
  if (routeKey === "DELETE /goals") {
    const name = unique("to_delete");
    await analyticsStore.recordGoal({
      websiteId: world.site,
      visitorId: world.visitorId,
      name,
      properties: null,
      at: new Date(),
    });
    query.set("name", name);
  }
  if (routeKey === "POST /payments") body = { amount: 9.5, currency: "USD", transaction_id: unique("tx") };
  if (routeKey === "DELETE /payments") {
    const transactionId = unique("tx");
    await api("POST", `/payments?websiteId=${world.site}`, {
      token: world.owner.token,
      body: { amount: 1, currency: "USD", transaction_id: transactionId },
    });
    query.set("transaction_id", transactionId);
  }
  if (routeKey === "POST /identify") body = { user_id: unique("user"), datafast_visitor_id: world.visitorId };
  return { path: `${path}?${query}`, body };
}

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
const STEPS = [
  { name: "Pricing", type: "pageview", url: "/pricing" },
  { name: "Signup", type: "goal", goalName: "signup" },
];
/** A public address literal: webhook targets must be public, and a literal needs no DNS. */
const WEBHOOK_URL = "https://203.0.113.10/keygate-matrix";
const ALERT = { name: "Signup", trigger: { goalName: "signup" }, template: { message: "A new signup arrived" } };

/** A fresh token of the user, to be deleted: callers may delete only their own. */
async function ownTokenId(userId: string): Promise<string> {
  return ownTokenIdOf(await tokenFor(userId, ["analytics:read"]));
}

const sha256 = (raw: string) => createHash("sha256").update(raw).digest("hex");

async function ownTokenIdOf(raw: string): Promise<string> {
  return (await (await db()).accessToken.findUniqueOrThrow({ where: { keyHash: sha256(raw) } })).id;
}

/** Keeps the per-website and per-account limits from filling up across hundreds of calls. */
async function tidy() {
  const prisma = await db();
  await prisma.alert.deleteMany({ where: { websiteId: world.site } });
  await prisma.webhookEndpoint.deleteMany({ where: { websiteId: world.site } });
  await prisma.websiteApiKey.updateMany({
    where: { websiteId: world.site, revokedAt: null, id: { not: world.keyHere._id } },
    data: { revokedAt: new Date() },
  });
  const keep = [world.owner, world.member, world.viewer, world.outsider, world.staff].map((u) => u.token);
  const keepHashes = [...keep, world.tokenElsewhere].map(sha256);
  await prisma.accessToken.updateMany({
    where: { revokedAt: null, keyHash: { notIn: keepHashes } },
    data: { revokedAt: new Date() },
  });
}

beforeAll(async () => {
  nextOnly = startNextOnly({ env: { DATABASE_URL: inject("databaseUrl") }, logPath: testLogPath("next-start") });
  client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  const owner = await newUser("m-owner");
  const [member, viewer, outsider, staff, target] = await Promise.all(
    ["m-member", "m-viewer", "m-outsider", "m-staff", "m-target"].map((label) => newUser(label)),
  );
  const site = await newWebsite(owner, "matrix");
  const otherSite = await newWebsite(owner, "matrix-other");
  await addMember(site, member as TestUser, "member");
  await addMember(site, viewer as TestUser, "viewer");
  await addMember(site, target as TestUser, "member");
  await (await db()).user.update({ where: { id: (staff as TestUser).id }, data: { isStaff: true } });
  const keyHere = await newApiKey(owner, site, "here");
  const keyOther = await newApiKey(owner, otherSite, "other");
  const revoked = await tokenFor(owner.id);
  await api("DELETE", `/admin/access-tokens/${await ownTokenIdOf(revoked)}`, { token: owner.token });
  const tokenElsewhere = await tokenFor(owner.id, ["*"], [otherSite]);
  world = {
    site,
    otherSite,
    owner,
    member: member as TestUser,
    viewer: viewer as TestUser,
    outsider: outsider as TestUser,
    staff: staff as TestUser,
    target: target as TestUser,
    keyHere,
    keyOther,
    revoked,
    tokenElsewhere,
    visitorId: await seedVisitor(site),
  };
  servers = [
    { name: "server.ts", url: baseUrl },
    { name: "next start", url: (await nextOnly).baseUrl },
  ];
});

async function seedVisitor(websiteId: string): Promise<string> {
  const visitorId = randomUUID();
  await analyticsStore.ingestEvent(pageview({ websiteId, visitorId, path: "/", at: new Date() }));
  return visitorId;
}

afterAll(async () => {
  await client?.end();
  await (await nextOnly?.catch(() => undefined))?.stop();
});

describe("permission matrix", () => {
  it("the table covers exactly the routes of the route table", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort());
  });

  let cells = 0;
  let deniedWrites = 0;
  for (const [routeKey, row] of Object.entries(EXPECTED)) {
    it(`${routeKey}`, async () => {
      const statuses = row.trim().split(/\s+/).map(Number);
      expect(statuses).toHaveLength(CALLERS.length);
      const [method] = routeKey.split(" ") as [string];
      const failures: string[] = [];
      for (const [index, caller] of CALLERS.entries()) {
        await tidy();
        const expected = statuses[index] as number;
        const token = await credentialFor(caller, routeKey);
        // Ids and body of its own for each server (a granted write may use up the other's), sent at once.
        const requests = await Promise.all(
          servers.map(async (server) => ({ server, ...(await requestFor(routeKey, caller)) })),
        );
        const before = method !== "GET" && expected >= 400 ? await fingerprint() : null;
        const answers = await Promise.all(
          requests.map(async ({ server, path, body }) => ({
            server,
            response: await api(method, path, { token, body, server: server.url }),
          })),
        );
        for (const { server, response } of answers) {
          if (response.status !== expected)
            failures.push(`${server.name}, ${caller}: expected ${expected}, got ${response.status} ${response.text}`);
          cells++;
        }
        if (before !== null) {
          deniedWrites += servers.length;
          if ((await fingerprint()) !== before) failures.push(`${caller}: a denied ${routeKey} changed the database`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it("reports its size", () => {
    console.log(
      `permission matrix: ${Object.keys(EXPECTED).length} routes × ${CALLERS.length} callers × ${servers.length} servers = ${cells} cells; ${deniedWrites} denied writes checked for no change`,
    );
    expect(cells).toBe(Object.keys(EXPECTED).length * CALLERS.length * servers.length);
  });
});

describe("permission matrix: expired credentials", () => {
  // A key and a token past their expiresAt: every route answers what it answers a revoked credential
  // (the table's "rev" column), and where that is 401, the message says why.
  let expired: { key: string; token: string; tokenId: string };

  beforeAll(async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    // On the other website, which tidy() leaves alone.
    const key = await api<{ _id: string; key: string }>("POST", `/admin/websites/${world.otherSite}/apikeys`, {
      token: world.owner.token,
      body: { name: "expired", expiresAt },
    });
    const token = await api<{ _id: string; key: string }>("POST", "/admin/access-tokens", {
      token: world.owner.token,
      body: { name: "expired", expiresAt },
    });
    const keyRow = key.data[0] as { _id: string; key: string };
    const tokenRow = token.data[0] as { _id: string; key: string };
    await client.query(`UPDATE "WebsiteApiKey" SET "expiresAt" = now() - interval '1 minute' WHERE "id" = $1`, [
      keyRow._id,
    ]);
    await client.query(`UPDATE "AccessToken" SET "expiresAt" = now() - interval '1 minute' WHERE "id" = $1`, [
      tokenRow._id,
    ]);
    expired = { key: keyRow.key, token: tokenRow.key, tokenId: tokenRow._id };
  });

  it("every route refuses them as it refuses a revoked credential, with 401 API key expired", async () => {
    const failures: string[] = [];
    for (const [routeKey, row] of Object.entries(EXPECTED)) {
      const expected = Number(row.trim().split(/\s+/)[CALLERS.indexOf("revoked")]);
      const [method] = routeKey.split(" ") as [string];
      for (const credential of [expired.key, expired.token]) {
        await tidy();
        // tidy() revokes every token it does not know; this one must stay merely expired.
        await client.query(`UPDATE "AccessToken" SET "revokedAt" = NULL WHERE "id" = $1`, [expired.tokenId]);
        const requests = [];
        for (const server of servers) requests.push({ server, ...(await requestFor(routeKey, "revoked")) });
        const before = method !== "GET" ? await fingerprint() : null;
        for (const { server, path, body } of requests) {
          const response = await api(method, path, { token: credential, body, server: server.url });
          const label = `${routeKey} on ${server.name} with an expired ${credential.startsWith("dft_") ? "token" : "key"}`;
          if (response.status !== expected) failures.push(`${label}: expected ${expected}, got ${response.status}`);
          else if (expected === 401 && response.body?.error?.message !== "API key expired")
            failures.push(`${label}: ${response.text}`);
        }
        if (before !== null && (await fingerprint()) !== before) failures.push(`${routeKey}: changed the database`);
      }
    }
    expect(failures).toEqual([]);
  });
});
