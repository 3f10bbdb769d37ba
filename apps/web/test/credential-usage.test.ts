// Per-credential usage: requests counted by UTC day and status class, written in batches that the
// database adds up (no row per request), read over REST for a website key or an account token.
import { createHash, randomBytes } from "node:crypto";
import { newObjectId } from "@keygate/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { env } from "../src/env";
import { flushUsage, UsageRecorder, usage } from "../src/server/auth/usage";
import { api, db, newApiKey, newUser, newWebsite, type TestUser } from "./helpers";
import { callerFor, refusal } from "./trpc-caller";

const DAY_MS = 86_400_000;
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$/;
const today = () => new Date().toISOString().slice(0, 10);
const sha256 = (raw: string) => createHash("sha256").update(raw).digest("hex");
const usagePath = (site: string, keyId: string, query = "") => `/admin/websites/${site}/apikeys/${keyId}/usage${query}`;

async function tokenIdOf(raw: string): Promise<string> {
  return (await (await db()).accessToken.findUniqueOrThrow({ where: { keyHash: sha256(raw) } })).id;
}

/** The rows the database holds for a credential, straight from the table. */
async function rowsOf(credentialId: string) {
  return (await db()).credentialUsage.findMany({ where: { credentialId }, orderBy: { day: "asc" } });
}

describe("credential usage", () => {
  let owner: TestUser;
  let site: string;

  beforeAll(async () => {
    owner = await newUser("usage-owner");
    site = await newWebsite(owner, "usage");
  });

  afterEach(async () => {
    (env as { TRUST_PROXY: number }).TRUST_PROXY = 0;
    await flushUsage();
  });

  it("counts a key's requests by status class, exactly, once flushed; refused-before-known requests count for no one", async () => {
    const key = await newApiKey(owner, site, "counted");
    const missing = newObjectId();
    const ok = 7;
    const notFound = 5;
    const results = await Promise.all([
      ...Array.from({ length: ok }, () => api("GET", `/admin/websites/${site}/apikeys`, { token: key.key })),
      // A missing resource inside its own website: 404, attributed to the key.
      ...Array.from({ length: notFound }, () => api("GET", usagePath(site, missing), { token: key.key })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([...Array(ok).fill(200), ...Array(notFound).fill(404)]);
    // Malformed and unknown keys are refused before any credential is known.
    expect((await api("GET", `/admin/websites/${site}/apikeys`, { token: "df_nope" })).status).toBe(401);
    await flushUsage();

    const rows = await rowsOf(key._id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "apiKey", ok2xx: ok, redirect3xx: 0, client4xx: notFound, server5xx: 0 });

    const read = await api("GET", usagePath(site, key._id, "?days=3"), { token: owner.token });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe("success");
    expect(read.data).toHaveLength(3);
    expect(read.data.map((d) => d.date)).toEqual(
      [2, 1, 0].map((back) => new Date(Date.now() - back * DAY_MS).toISOString().slice(0, 10)),
    );
    expect(read.data[0]).toEqual({ date: read.data[0]?.date, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 });
    expect(read.data[2]).toEqual({ date: today(), "2xx": ok, "3xx": 0, "4xx": notFound, "5xx": 0 });
    expect(read.body.lastSeen.ip).toMatch(LOOPBACK);
    expect(new Date(read.body.lastSeen.at).getTime()).toBeGreaterThan(Date.now() - 60_000);

    // Default window: 30 days.
    expect((await api("GET", usagePath(site, key._id), { token: owner.token })).data).toHaveLength(30);
    // A key never used: zeros and no lastSeen.
    const idle = await newApiKey(owner, site, "idle");
    const none = await api("GET", usagePath(site, idle._id, "?days=1"), { token: owner.token });
    expect(none.body).toEqual({
      status: "success",
      data: [{ date: today(), "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 }],
      lastSeen: null,
    });
  });

  it("two flushers writing the same rows at once add up: nothing lost, nothing counted twice", async () => {
    const keys = await Promise.all([1, 2, 3].map((n) => newApiKey(owner, site, `concurrent ${n}`)));
    const a = new UsageRecorder(60_000);
    const b = new UsageRecorder(60_000);
    const expected = new Map(keys.map((k) => [k._id, { ok: 0, client: 0, server: 0 }]));
    for (let round = 0; round < 20; round++) {
      for (const [i, key] of keys.entries()) {
        const counts = expected.get(key._id) as { ok: number; client: number; server: number };
        // Opposite orders in the two recorders: the writes must still not deadlock.
        const recorder = (i + round) % 2 === 0 ? a : b;
        const other = recorder === a ? b : a;
        for (let n = 0; n < round + 1; n++) recorder.record("apiKey", key._id, 200, "10.0.0.1", "a");
        other.record("apiKey", key._id, 404, "10.0.0.2", "b");
        other.record("apiKey", key._id, 503, "10.0.0.2", "b");
        counts.ok += round + 1;
        counts.client += 1;
        counts.server += 1;
      }
      const [wa, wb] = await Promise.all([a.flush(), b.flush()]);
      expect(wa + wb).toBe(2 * keys.length);
    }
    expect(a.pending + b.pending).toBe(0);
    for (const key of keys) {
      const [row] = await rowsOf(key._id);
      const counts = expected.get(key._id);
      expect(row).toMatchObject({ ok2xx: counts?.ok, client4xx: counts?.client, server5xx: counts?.server });
    }
  });

  it("a day change starts a new row; the latest request gives lastSeen; deleted credentials are skipped and forgotten", async () => {
    const key = await newApiKey(owner, site, "days");
    const recorder = new UsageRecorder(60_000);
    const midnight = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    recorder.record("apiKey", key._id, 200, "192.0.2.1", "yesterday", midnight - 1_000);
    recorder.record("apiKey", key._id, 302, "192.0.2.2", "today", midnight + 1_000);
    recorder.record("apiKey", key._id, 500, "192.0.2.3", "today, later", midnight + 2_000);
    // Unknown credentials (deleted meanwhile) are not written.
    recorder.record("apiKey", newObjectId(), 200, null, null, midnight + 1_000);
    recorder.record("accessToken", key._id.replace(/^./, "f"), 200, null, null, midnight + 1_000);
    expect(await recorder.flush()).toBe(2);
    const rows = await rowsOf(key._id);
    expect(rows.map((r) => [r.day.toISOString().slice(0, 10), r.ok2xx, r.redirect3xx, r.server5xx])).toEqual([
      [new Date(midnight - DAY_MS).toISOString().slice(0, 10), 1, 0, 0],
      [today(), 0, 1, 1],
    ]);
    const read = await api("GET", usagePath(site, key._id, "?days=2"), { token: owner.token });
    expect(read.body.lastSeen).toEqual({
      at: new Date(midnight + 2_000).toISOString(),
      ip: "192.0.2.3",
      userAgent: "today, later",
    });
    // An older flush arriving late does not move lastSeen back.
    recorder.record("apiKey", key._id, 200, "192.0.2.9", "stale", midnight + 1_500);
    await recorder.flush();
    expect((await api("GET", usagePath(site, key._id, "?days=1"), { token: owner.token })).body.lastSeen.ip).toBe(
      "192.0.2.3",
    );

    // Deleting the website deletes its keys, and the trigger their usage.
    const doomed = await newWebsite(owner, "usage-doomed");
    const doomedKey = await newApiKey(owner, doomed, "doomed");
    expect((await api("GET", `/admin/websites/${doomed}/apikeys`, { token: doomedKey.key })).status).toBe(200);
    await flushUsage();
    expect(await rowsOf(doomedKey._id)).toHaveLength(1);
    await (await db()).website.delete({ where: { id: doomed } });
    expect(await rowsOf(doomedKey._id)).toHaveLength(0);
  });

  it("tenant scope: another website's key usage is refused; a key id of another website is 404 here", async () => {
    const stranger = await newUser("usage-stranger");
    const theirSite = await newWebsite(stranger, "usage-theirs");
    const theirKey = await newApiKey(stranger, theirSite, "theirs");
    const mine = await newApiKey(owner, site, "mine");
    expect((await api("GET", usagePath(theirSite, theirKey._id), { token: owner.token })).status).toBe(403);
    // My key, through my website's path, for another website's key id: not found.
    expect((await api("GET", usagePath(site, theirKey._id), { token: owner.token })).status).toBe(404);
    // A df_ key reads its own website's keys, never another website's.
    expect((await api("GET", usagePath(site, mine._id), { token: mine.key })).status).toBe(200);
    expect((await api("GET", usagePath(theirSite, theirKey._id), { token: mine.key })).status).toBe(403);
    // Without api-keys:read: 403.
    const narrow = await (await import("./helpers")).tokenFor(owner.id, ["analytics:read"], [site]);
    expect((await api("GET", usagePath(site, mine._id), { token: narrow })).status).toBe(403);
  });

  it("a token's usage, to its owner only; df_ keys are refused", async () => {
    const other = await newUser("usage-other");
    const ownerTokenId = await tokenIdOf(owner.token);
    const before = (await rowsOf(ownerTokenId))[0]?.ok2xx ?? 0;
    for (let i = 0; i < 3; i++) expect((await api("GET", "/admin/account", { token: owner.token })).status).toBe(200);
    await flushUsage();
    const read = await api("GET", `/admin/access-tokens/${ownerTokenId}/usage?days=1`, { token: owner.token });
    expect(read.status).toBe(200);
    expect(read.data[0]?.["2xx"]).toBeGreaterThanOrEqual(before + 3);
    expect((await rowsOf(ownerTokenId))[0]?.kind).toBe("accessToken");
    expect((await api("GET", `/admin/access-tokens/${ownerTokenId}/usage`, { token: other.token })).status).toBe(404);
    const key = await newApiKey(owner, site, "not for tokens");
    expect((await api("GET", `/admin/access-tokens/${ownerTokenId}/usage`, { token: key.key })).status).toBe(403);
  });

  it("last-seen IP follows TRUST_PROXY: the socket's address unless a trusted proxy wrote X-Forwarded-For", async () => {
    const key = await newApiKey(owner, site, "proxy");
    const spoofed = { "x-forwarded-for": "203.0.113.7", "user-agent": "usage-test/1.0" };
    await api("GET", `/admin/websites/${site}/apikeys`, { token: key.key, headers: spoofed });
    await flushUsage();
    let seen = (await api("GET", usagePath(site, key._id, "?days=1"), { token: owner.token })).body.lastSeen;
    expect(seen.ip).toMatch(LOOPBACK);
    expect(seen.userAgent).toBe("usage-test/1.0");

    (env as { TRUST_PROXY: number }).TRUST_PROXY = 1;
    await api("GET", `/admin/websites/${site}/apikeys`, {
      token: key.key,
      headers: { ...spoofed, "x-forwarded-for": "6.6.6.6, 198.51.100.4" },
    });
    await flushUsage();
    seen = (await api("GET", usagePath(site, key._id, "?days=1"), { token: owner.token })).body.lastSeen;
    expect(seen.ip).toBe("198.51.100.4");
  });

  it("days is validated: 1 to 90, an integer, no other parameter", async () => {
    const key = await newApiKey(owner, site, "days param");
    for (const query of ["?days=0", "?days=91", "?days=abc", "?days=1.5", "?since=2026-01-01"]) {
      const response = await api("GET", usagePath(site, key._id, query), { token: owner.token });
      expect(response.status, query).toBe(400);
      expect(response.body.status).toBe("error");
    }
    expect((await api("GET", usagePath(site, key._id, "?days=90"), { token: owner.token })).data).toHaveLength(90);
    const tokenId = await tokenIdOf(owner.token);
    expect((await api("GET", `/admin/access-tokens/${tokenId}/usage?days=0`, { token: owner.token })).status).toBe(400);
  });

  it("dashboard (tRPC): the same answer for members; outsiders and other accounts' tokens refused", async () => {
    const site = await newWebsite(owner, "usage-dashboard");
    const key = await newApiKey(owner, site, "dashboard");
    await api("GET", `/admin/websites/${site}/apikeys`, { token: key.key });
    await flushUsage();
    const caller = callerFor(owner.id);
    const usage = await caller.credentialUsage.apiKey({ websiteId: site, apiKeyId: key._id, days: 7 });
    expect(usage.data).toHaveLength(7);
    expect(usage.data[6]).toEqual({ date: today(), "2xx": 1, "3xx": 0, "4xx": 0, "5xx": 0 });
    const rest = (await api("GET", usagePath(site, key._id, "?days=7"), { token: owner.token })).body;
    expect(usage).toEqual({ data: rest.data, lastSeen: rest.lastSeen });
    const outsider = await newUser("usage-outsider");
    const refused = await refusal(
      callerFor(outsider.id).credentialUsage.apiKey({ websiteId: site, apiKeyId: key._id, days: 7 }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    const tokenId = await tokenIdOf(owner.token);
    expect((await caller.credentialUsage.accessToken({ tokenId, days: 2 })).data).toHaveLength(2);
    expect((await refusal(callerFor(outsider.id).credentialUsage.accessToken({ tokenId, days: 2 }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await refusal(caller.credentialUsage.accessToken({ tokenId, days: 91 }))).code).toBe("BAD_REQUEST");
  });

  it("MCP: requests count for the credential too, and the usage tools answer as REST does", async () => {
    const agent = await newUser("usage-agent");
    const agentSite = await newWebsite(agent, "usage-agent");
    const key = await newApiKey(agent, agentSite, "agent key");
    await flushUsage();
    const agentTokenId = await tokenIdOf(agent.token);
    const before = (await rowsOf(agentTokenId))[0]?.ok2xx ?? 0;
    const { createMcpApp, MCP_PATH } = await import("../src/server/mcp/app");
    const mcp = createMcpApp();
    const call = (body: unknown) =>
      mcp.request(`http://keygate.test${MCP_PATH}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${agent.token}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, ...(body as object) }),
      });
    const listed = await (await call({ method: "tools/list" })).json();
    const names = listed.result.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["get_api_key_usage", "get_access_token_usage"]));
    const called = await call({
      method: "tools/call",
      params: { name: "get_api_key_usage", arguments: { websiteId: agentSite, apiKeyId: key._id, days: 2 } },
    });
    const result = (await called.json()).result;
    expect(result.isError ?? false).toBe(false);
    expect(JSON.parse(result.content[0].text)).toMatchObject({ status: "success", data: [{}, { date: today() }] });
    await flushUsage();
    expect((await rowsOf(agentTokenId))[0]?.ok2xx).toBe(before + 2);
  });

  it("one entry per credential and day in memory, however many requests; stop writes what is left", async () => {
    await flushUsage();
    expect(usage.pending).toBe(0);
    const recorder = new UsageRecorder(60_000);
    const id = randomBytes(12).toString("hex");
    for (let i = 0; i < 1000; i++) recorder.record("apiKey", id, 200, null, null);
    expect(recorder.pending).toBe(1);
    await recorder.stop();
    expect(recorder.pending).toBe(0);
  });
});
