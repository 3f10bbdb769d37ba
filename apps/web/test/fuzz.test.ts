// Hostile input over every REST route and POST /api/events, generated with fast-check and sent as
// raw bytes to the built server: whatever arrives, the answer is never a 5xx, always JSON in
// DataFast's envelope, and a request answered 4xx leaves the database as it was.
// Replay a failure with FUZZ_SEED=<seed> (printed with it); FUZZ_RUNS sets the requests per route.
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectPayload } from "@keygate/core/contracts";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { z } from "zod";
import { env } from "../src/env";
import type { AnyRoute } from "../src/server/rest/define";
import { ROUTES } from "../src/server/rest/routes";
import {
  authorization,
  type BodyShape,
  body,
  contentType,
  otherHeaders,
  type Pools,
  pathSegment,
  queryString,
  type RawRequest,
} from "./fuzz-inputs";
import { addMember, api, db, newApiKey, newUser, newWebsite, tokenFor } from "./helpers";
import { type RunningServer, startServer } from "./server";

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_521);
const RUNS = Number(process.env.FUZZ_RUNS ?? 24);
/** The collection endpoint is one route that anyone may call: it gets more requests. */
const COLLECT_RUNS = RUNS * 6;
const COLLECT_LIMIT = 16 * 1024;
const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

/** A route under test: how to build its requests and what a success looks like. */
interface Target {
  key: string;
  method: string;
  /** `/api/v1/admin/websites/{websiteId}` style. */
  template: string;
  queryKeys: string[];
  body: BodyShape;
  bare: boolean;
}

interface Reply {
  status: number;
  contentType: string;
  text: string;
}

let server: RunningServer;
let client: pg.Client;
let pools: Pools;
let valid: Record<string, Record<string, unknown>[]>;
let fingerprintSql: string;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
let sent = 0;
/** Answers by status, to show how deep the requests got (2xx: past every check). */
const statuses = new Map<number, number>();
let started = 0;

// --- the world: two accounts, their websites, resources and credentials -------------------------

const sha256 = (raw: string) => createHash("sha256").update(raw).digest("hex");
const STEPS = [
  { name: "Pricing", type: "pageview", url: "/pricing" },
  { name: "Signup", type: "goal", goalName: "signup" },
];

async function createWorld() {
  const [owner, member, other] = await Promise.all([
    newUser("fuzz-owner"),
    newUser("fuzz-member"),
    newUser("fuzz-other"),
  ]);
  const site = await newWebsite(owner, "fuzz");
  const secondSite = await newWebsite(owner, "fuzz-second");
  const foreignSite = await newWebsite(other, "fuzz-foreign");
  await addMember(site, member, "member");
  const keyHere = await newApiKey(owner, site, "fuzz");
  const disposableKey = await newApiKey(owner, site, "fuzz-disposable");
  const foreignKey = await newApiKey(other, foreignSite, "fuzz-foreign");
  const foreignDisposableKey = await newApiKey(other, foreignSite, "fuzz-foreign-disposable");
  const funnel = await api("POST", `/admin/websites/${site}/funnels`, {
    token: owner.token,
    body: { name: "Fuzz funnel", steps: STEPS },
  });
  const foreignFunnel = await api("POST", `/admin/websites/${foreignSite}/funnels`, {
    token: other.token,
    body: { name: "Foreign funnel", steps: STEPS },
  });
  const alert = { name: "Signup", trigger: { goalName: "signup" }, template: { message: "A new signup arrived" } };
  const createdAlert = await api("POST", `/admin/websites/${site}/alerts`, { token: owner.token, body: alert });
  const webhook = { url: "https://203.0.113.10/keygate-fuzz" };
  const createdWebhook = await api("POST", `/admin/websites/${site}/webhooks`, { token: owner.token, body: webhook });
  const disposableToken = await tokenFor(owner.id, ["analytics:read"]);
  const prisma = await db();
  const tokenId = (await prisma.accessToken.findUniqueOrThrow({ where: { keyHash: sha256(disposableToken) } })).id;
  const { trackingId, domain } = await prisma.website.findUniqueOrThrow({ where: { id: site } });

  const visitorId = randomUUID();
  const event = { websiteId: trackingId, domain, type: "pageview", href: `https://${domain}/pricing`, visitorId };
  const collected = await fetch(`${server.baseUrl}/api/events`, { method: "POST", body: JSON.stringify(event) });
  expect(collected.status).toBe(200);

  pools = {
    own: {
      websiteId: site,
      apiKeyId: disposableKey._id,
      funnelId: funnel.data[0]?._id as string,
      alertId: createdAlert.data[0]?._id as string,
      webhookId: createdWebhook.data[0]?._id as string,
      tokenId,
      visitorId,
    },
    foreign: [foreignSite, foreignDisposableKey._id, foreignFunnel.data[0]?._id as string, secondSite],
    credentials: [
      owner.token,
      keyHere.key,
      foreignKey.key,
      other.token,
      member.token,
      await tokenFor(owner.id, ["analytics:read", "websites:read", "funnels:read", "team:read"], [site]),
      await tokenFor(
        owner.id,
        [
          "goals:write",
          "payments:write",
          "identify:write",
          "api-keys:write",
          "alerts:write",
          "settings:write",
          "team:write",
        ],
        [site],
      ),
      await tokenFor(owner.id, ["*"], [secondSite]),
    ],
  };
  const page = `https://${domain}/pricing?utm_source=fuzz`;
  const events = [
    event,
    { ...event, type: "custom", href: page, extraData: { eventName: "signup", plan: "pro" } },
    { ...event, type: "identify", extraData: { user_id: "fuzz-user", email: "fuzz@example.com" } },
    { ...event, type: "payment", extraData: { amount: 9.5, currency: "USD" } },
    { ...event, type: "external_link", extraData: { url: "https://example.org/", text: "Out" } },
    {
      ...event,
      visitorId: undefined,
      cookieless: true,
      viewport: { width: 1280, height: 720 },
      adClickIds: { gclid: "x" },
    },
  ];
  valid = {
    "PUT /admin/account": [{ name: "Fuzz" }],
    "POST /admin/websites": [{ domain: "fuzz-created.example.com", timezone: "UTC", name: "Fuzz" }],
    "PUT /admin/websites/{websiteId}": [
      { name: "Fuzz" },
      { timezone: "Europe/Paris", currency: "EUR", excludedIps: ["10.0.0.0/8"], excludedPaths: ["/admin/*"] },
      { excludedCountries: ["FR"], excludedHostnames: ["staging.example.com"], allowedHostnames: ["*.example.org"] },
    ],
    "POST /admin/websites/{websiteId}/apikeys": [{ name: "fuzz" }],
    "POST /admin/websites/{websiteId}/team": [{ email: "fuzz-invite@example.com", role: "viewer" }],
    "PUT /admin/websites/{websiteId}/team": [{ userId: member.id, role: "viewer" }],
    "DELETE /admin/websites/{websiteId}/team": [{ userId: member.id }],
    "POST /admin/websites/{websiteId}/funnels": [{ name: "Fuzz funnel 2", steps: STEPS }],
    "PUT /admin/websites/{websiteId}/funnels/{funnelId}": [{ name: "Fuzz funnel 3" }, { steps: STEPS }],
    "POST /admin/websites/{websiteId}/alerts": [{ ...alert, isEnabled: true }],
    "PUT /admin/websites/{websiteId}/alerts/{alertId}": [
      { isEnabled: false },
      { template: { message: "Hello there", subject: "Hi" } },
    ],
    "POST /admin/websites/{websiteId}/webhooks": [webhook, { ...webhook, events: ["api_key.created"] }],
    "POST /admin/access-tokens": [{ name: "fuzz", permissions: ["analytics:read"], websiteIds: [site] }],
    "POST /goals": [{ datafast_visitor_id: visitorId, name: "fuzz_goal", description: "d", metadata: { plan: "pro" } }],
    "POST /payments": [
      { amount: 9.5, currency: "USD", transaction_id: "fuzz-tx", datafast_visitor_id: visitorId, email: "a@b.c" },
      { amount: "0", currency: "usd", transaction_id: "fuzz-tx-2", renewal: true, timestamp: "2026-01-01" },
    ],
    "POST /identify": [{ user_id: "fuzz-user", datafast_visitor_id: visitorId, plan: "pro", nested: { a: [1] } }],
    "POST /api/events": events,
  };
}

// --- the database fingerprint ------------------------------------------------------------------

/**
 * One query over every table: an insert or update gives a row a newer `xmin` and a delete lowers
 * the count, so count + max(xmin) shows any write cheaply. Tables with `lastUsedAt` (touched by
 * any authenticated request, refused or not) or `lastTriggeredAt` (an alert sending, after the answer
 * to an earlier accepted goal) are hashed without that column instead. Left out: CredentialUsage
 * (request counts, written every few seconds), WebhookDelivery (updated by the delivery job) and
 * MailMessage (alert mails go out after the answer to an accepted goal, so one may land while a later
 * request runs; no REST route sends mail in its request).
 */
async function buildFingerprintSql(): Promise<string> {
  const { rows } = await client.query<{ name: string; columns: string; touched: boolean }>(`
    SELECT c.table_name AS name,
      string_agg(quote_ident(c.column_name), ', ' ORDER BY c.column_name)
        FILTER (WHERE c.column_name NOT IN ('lastUsedAt', 'lastTriggeredAt')) AS columns,
      bool_or(c.column_name IN ('lastUsedAt', 'lastTriggeredAt')) AS touched
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      AND c.table_name NOT IN ('SignInAttempt', 'RateLimit', 'CredentialUsage', 'WebhookDelivery', 'MailMessage', '_prisma_migrations')
    GROUP BY c.table_name ORDER BY c.table_name`);
  return rows
    .map(({ name, columns, touched }) =>
      touched
        ? `SELECT '${name}' || ':' || md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS part FROM (SELECT ${columns} FROM "${name}") r`
        : `SELECT '${name}' || ':' || count(*) || '@' || coalesce(max(xmin::text::bigint), 0) AS part FROM "${name}"`,
    )
    .join("\nUNION ALL ");
}

async function fingerprint(): Promise<string> {
  const { rows } = await client.query<{ part: string }>(fingerprintSql);
  return rows.map((row) => row.part).join("\n");
}

// --- sending raw requests ----------------------------------------------------------------------

function send(request: RawRequest): Promise<Reply> {
  const url = new URL(server.baseUrl);
  const headers = [...request.headers];
  if (request.body) {
    headers.push(request.chunked ? ["Transfer-Encoding", "chunked"] : ["Content-Length", String(request.body.length)]);
  }
  sent++;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.target,
        headers: ["Host", url.host, ...headers.flat()],
        agent,
        timeout: 30_000,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () =>
          resolve({
            status: incoming.statusCode ?? 0,
            contentType: incoming.headers["content-type"] ?? "",
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        incoming.on("error", reject);
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error("no answer within 30 s")));
    outgoing.on("error", reject);
    const { body: bytes } = request;
    if (bytes && request.chunked) {
      outgoing.write(bytes.subarray(0, bytes.length >> 1));
      outgoing.end(bytes.subarray(bytes.length >> 1));
    } else outgoing.end(bytes);
  });
}

// --- the properties ----------------------------------------------------------------------------

/** What is wrong with a reply, or null: a 5xx, not JSON, or not DataFast's envelope. */
function envelopeProblem(target: Target, reply: Reply): string | null {
  if (reply.status >= 500) return "a 5xx";
  if (!/^application\/json\b/i.test(reply.contentType)) return "not application/json";
  let json: unknown;
  try {
    json = JSON.parse(reply.text);
  } catch {
    return "not JSON";
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return "not a JSON object";
  const answer = json as { status?: unknown; error?: { code?: unknown; message?: unknown; details?: unknown } };
  if (reply.status >= 400) {
    if (answer.status !== "error") return 'an error without status "error"';
    if (answer.error?.code !== reply.status) return "error.code is not the HTTP status";
    if (typeof answer.error.message !== "string" || answer.error.message === "") return "error.message is not a string";
    const { details } = answer.error;
    if (details !== undefined && !isDetails(details)) return "error.details is not [{path, message}]";
    return null;
  }
  if (!target.bare && answer.status !== "success") return 'a success without status "success"';
  return null;
}

function isDetails(value: unknown): boolean {
  return (
    Array.isArray(value) && value.every((item) => typeof item?.path === "string" && typeof item?.message === "string")
  );
}

async function check(target: Target, request: RawRequest): Promise<void> {
  const before = target.method === "GET" ? null : await fingerprint();
  const reply = await send(request);
  statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
  let problem = envelopeProblem(target, reply);
  if (!problem && before !== null && reply.status >= 400 && reply.status < 500) {
    const after = await fingerprint();
    if (after !== before) {
      const was = new Set(before.split("\n"));
      const changed = after
        .split("\n")
        .filter((part) => !was.has(part))
        .map((part) => part.split(":")[0]);
      problem = `a refused request changed the database (${changed.join(", ")})`;
    }
  }
  if (problem) throw new Error(`${problem}: ${reply.status} ${reply.contentType} ${clip(reply.text, 600)}`);
}

// --- requests per route, printed readably when shrunk --------------------------------------------

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

function showBody(bytes: Buffer): string {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return clip(JSON.stringify(text), 400);
  } catch {
    return `(not UTF-8) hex ${clip(bytes.toString("hex"), 400)}`;
  }
}

function printable(request: RawRequest): RawRequest {
  return Object.assign(request, {
    [fc.toStringMethod]: () =>
      [
        `\n${request.method} ${clip(request.target, 300)}`,
        ...request.headers.map(([name, value]) => `${name}: ${clip(value, 120)}`),
        request.body ? `body${request.chunked ? " (chunked)" : ""}: ${showBody(request.body)}` : "(no body)",
      ].join("\n"),
  });
}

function requests(target: Target): fc.Arbitrary<RawRequest> {
  const params = [...target.template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const path = fc
    .tuple(...params.map((param) => pathSegment(param, pools)))
    .map((segments) =>
      params.reduce((text, param, i) => text.replace(`{${param}}`, segments[i] as string), target.template),
    );
  return fc
    .record({
      path,
      query: queryString(target.queryKeys, pools),
      authorization: authorization(pools),
      contentType,
      other: otherHeaders,
      body: body(target.body),
      chunked: fc.nat(7).map((n) => n === 0),
    })
    .map(
      ({ path, query, authorization, contentType, other, body, chunked }): RawRequest => ({
        method: target.method,
        target: `${path}${query}`,
        headers: [
          ...authorization.map((value): [string, string] => ["Authorization", value]),
          ...contentType.map((value): [string, string] => ["Content-Type", value]),
          // A browser's, unless the generated headers bring their own: collection drops bots' events.
          ...(other.some(([name]) => name === "User-Agent") ? [] : [["User-Agent", BROWSER] as [string, string]]),
          ...other,
        ],
        body,
        chunked: chunked && body !== undefined,
      }),
    )
    .filter((request) => headSize(request) < MAX_HEAD)
    .map(printable);
}

/** Node answers a request head over 16 KiB with a bare 431 before any app code runs: stay below. */
const MAX_HEAD = 14 * 1024;
const headSize = (request: RawRequest) =>
  request.target.length + request.headers.reduce((size, [name, value]) => size + name.length + value.length + 4, 0);

/** Top-level keys of an object contract (refined and strict ones included). */
function keysOf(schema: z.ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

function restTarget(route: AnyRoute): Target {
  const key = `${route.method.toUpperCase()} ${route.path}`;
  return {
    key,
    method: route.method.toUpperCase(),
    template: `/api/v1${route.path}`,
    queryKeys: keysOf(route.query),
    body: { fields: keysOf(route.body), examples: valid[key] ?? [{}], limit: env.BODY_LIMIT_BYTES },
    bare: route.reply === "bare",
  };
}

function collectTarget(): Target {
  return {
    key: "POST /api/events",
    method: "POST",
    template: "/api/events",
    queryKeys: [],
    body: { fields: keysOf(collectPayload), examples: valid["POST /api/events"] ?? [{}], limit: COLLECT_LIMIT },
    bare: false,
  };
}

async function fuzz(target: Target, index: number, numRuns: number) {
  const seed = SEED + index;
  try {
    await fc.assert(
      fc.asyncProperty(fc.limitShrink(requests(target), 20), (request) => check(target, request)),
      { seed, numRuns, includeErrorInReport: true },
    );
  } catch (error) {
    throw new Error(
      `${target.key}: hostile request broke the contract (FUZZ_SEED=${SEED}, server log ${server.logPath})\n${(error as Error).message}`,
    );
  }
}

beforeAll(async () => {
  server = await startServer({
    env: {
      DATABASE_URL: inject("databaseUrl"),
      RATE_LIMIT_CREDENTIAL_PER_MINUTE: "0",
      RATE_LIMIT_WEBSITE_PER_MINUTE: "0",
    },
    logPath: join(mkdtempSync(join(tmpdir(), "keygate-fuzz-")), "server.log"),
  });
  client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  fingerprintSql = await buildFingerprintSql();
  await createWorld();
  started = performance.now();
});

afterAll(async () => {
  agent.destroy();
  await client?.end();
  await server?.stop();
});

describe("fuzz: hostile input", () => {
  for (const [index, route] of ROUTES.entries()) {
    it(`${route.method.toUpperCase()} ${route.path} — never a 5xx, always the envelope, nothing written when refused`, () =>
      fuzz(restTarget(route), index, RUNS));
  }

  it("POST /api/events — never a 5xx, always the envelope, nothing written when refused", () =>
    fuzz(collectTarget(), ROUTES.length, COLLECT_RUNS));

  it("reports its size", () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
    console.log(
      `fuzz: ${sent} hostile requests over ${ROUTES.length + 1} routes in ${seconds} s (FUZZ_SEED=${SEED}): ${byStatus.join(" ")}`,
    );
    expect(sent).toBeGreaterThanOrEqual((ROUTES.length + 1) * RUNS);
  });
});
