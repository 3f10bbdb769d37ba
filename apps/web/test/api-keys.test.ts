// REST v1 website keys (`df_`) over real HTTP against the built server on Postgres.
import { createHash, randomBytes } from "node:crypto";
import { generateKey } from "@keygate/core/credentials";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, api, db, newApiKey, newUser, newWebsite, type TestUser, tokenFor } from "./helpers";
import { callerFor, refusal } from "./trpc-caller";

const KEY_FIELDS = ["_id", "createdAt", "displayKey", "lastUsedAt", "name", "websiteId"];
const DISPLAY_KEY = /^df_[0-9A-Za-z]{4}\.\.\.[0-9A-Za-z]{4}$/;
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UA = "keygate-api-keys-test/1.0";
const NO_ACCESS = { status: "error", error: { code: 403, message: "You do not have access to this website" } };
const NEEDS_WRITE = { status: "error", error: { code: 403, message: "Missing permission: api-keys:write" } };
const INVALID_KEY = { status: "error", error: { code: 401, message: "Invalid or revoked API key" } };

const sha256 = (raw: string) => createHash("sha256").update(raw).digest("hex");
const keysPath = (websiteId: string) => `/admin/websites/${websiteId}/apikeys`;
const keyPath = (websiteId: string, keyId: string) => `/admin/websites/${websiteId}/apikeys/${keyId}`;

/** The id of a `dft_` token, found by the SHA-256 of its raw value. */
async function tokenId(raw: string): Promise<string> {
  return (await (await db()).accessToken.findUniqueOrThrow({ where: { keyHash: sha256(raw) } })).id;
}

/** Every key row of a website, revoked ones included, to compare before and after a refused write. */
async function keyRows(websiteId: string) {
  return (await db()).websiteApiKey.findMany({ where: { websiteId }, orderBy: { id: "asc" } });
}

async function activeKeys(websiteId: string) {
  return (await db()).websiteApiKey.count({ where: { websiteId, revokedAt: null } });
}

async function keyAudits(websiteId: string) {
  return (await db()).auditEvent.findMany({ where: { websiteId, action: { startsWith: "api_key." } } });
}

/** Exactly one audit event for this action on this key, with who, where from and which client. */
async function expectOneAudit(action: string, targetId: string, expected: Record<string, unknown>) {
  const events = await (await db()).auditEvent.findMany({ where: { action, targetId } });
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ targetType: "apiKey", targetId, ...expected });
  expect(events[0]?.ip).toMatch(LOOPBACK);
}

describe("website API keys", () => {
  let owner: TestUser;
  let ownerTokenId: string;

  beforeAll(async () => {
    owner = await newUser("owner");
    ownerTokenId = await tokenId(owner.token);
  });

  it("GET /websites/{id}/apikeys — masked keys only, with DataFast's field names, never `key`", async () => {
    const site = await newWebsite(owner, "list");
    const first = await newApiKey(owner, site, "Production backend");
    const second = await newApiKey(owner, site, "Staging");
    const listed = await api("GET", keysPath(site), { token: owner.token });
    expect(listed.status).toBe(200);
    expect(listed.body.status).toBe("success");
    expect(listed.data.map((k) => k._id).sort()).toEqual([first._id, second._id].sort());
    for (const item of listed.data) {
      expect(Object.keys(item).sort()).toEqual(KEY_FIELDS);
      expect(item.displayKey).toMatch(DISPLAY_KEY);
      expect(item).toMatchObject({ websiteId: site, lastUsedAt: null });
      expect(item.createdAt).toMatch(ISO);
    }
    const byId = new Map(listed.data.map((k) => [k._id, k]));
    expect(byId.get(first._id)).toMatchObject({
      name: "Production backend",
      displayKey: `${first.key.slice(0, 7)}...${first.key.slice(-4)}`,
    });
    expect(byId.get(second._id)?.name).toBe("Staging");
    expect(listed.text).not.toContain(first.key);
    expect(listed.text).not.toContain(second.key);
    expect(listed.text).not.toContain(sha256(first.key));
  });

  it("POST /websites/{id}/apikeys — raw key once in data[0].key, stored only as a hash, one audit event", async () => {
    const site = await newWebsite(owner, "create");
    const created = await api("POST", keysPath(site), {
      token: owner.token,
      body: { name: "Production key" },
      headers: { "user-agent": UA },
    });
    expect(created.status).toBe(200);
    expect(created.body.status).toBe("success");
    expect(created.data).toHaveLength(1);
    const key = created.data[0] as Record<string, string | null>;
    expect(Object.keys(key).sort()).toEqual([...KEY_FIELDS, "key"].sort());
    expect(key.key).toMatch(/^df_[0-9A-Za-z]{36}$/);
    const raw = key.key as string;
    expect(key).toMatchObject({ name: "Production key", websiteId: site, lastUsedAt: null });
    expect(key.displayKey).toBe(`${raw.slice(0, 7)}...${raw.slice(-4)}`);
    expect(key._id).toMatch(/^[0-9a-f]{24}$/);

    const row = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: key._id as string } });
    expect(row).toMatchObject({ websiteId: site, keyHash: sha256(raw), revokedAt: null, createdById: owner.id });
    expect(JSON.stringify(row)).not.toContain(raw);
    await expectOneAudit("api_key.created", key._id as string, {
      actorType: "accessToken",
      actorId: ownerTokenId,
      userId: owner.id,
      websiteId: site,
      userAgent: UA,
    });
    expect(await keyAudits(site)).toHaveLength(1);
  });

  it("POST /websites/{id}/apikeys — name is optional: {} and no body at all both give name null", async () => {
    const site = await newWebsite(owner, "unnamed");
    const empty = await api("POST", keysPath(site), { token: owner.token, body: {} });
    expect(empty.status).toBe(200);
    expect(empty.data[0]?.name).toBeNull();
    const bodyless = await api("POST", keysPath(site), { token: owner.token });
    expect(bodyless.status).toBe(200);
    expect(bodyless.data[0]?.name).toBeNull();
    expect(bodyless.data[0]?.key).toMatch(/^df_/);
    const rows = await keyRows(site);
    expect(rows.map((r) => r.name)).toEqual([null, null]);
  });

  it("PUT /websites/{id}/apikeys/{keyId} — keeps _id, new key; old key gets 401 at once, new one works", async () => {
    const site = await newWebsite(owner, "roll");
    const { _id, key: oldKey } = await newApiKey(owner, site, "to roll");
    expect((await api("GET", keysPath(site), { token: oldKey })).status).toBe(200);
    const rolled = await api("PUT", keyPath(site, _id), { token: owner.token, headers: { "user-agent": UA } });
    expect(rolled.status).toBe(200);
    expect(Object.keys(rolled.data[0] ?? {}).sort()).toEqual([...KEY_FIELDS, "key"].sort());
    expect(rolled.data[0]).toMatchObject({ _id, name: "to roll", websiteId: site });
    const newKey = rolled.data[0]?.key as string;
    expect(newKey).toMatch(/^df_[0-9A-Za-z]{36}$/);
    expect(newKey).not.toBe(oldKey);
    expect(rolled.data[0]?.displayKey).toBe(`${newKey.slice(0, 7)}...${newKey.slice(-4)}`);

    const old = await api("GET", keysPath(site), { token: oldKey });
    expect(old.status).toBe(401);
    expect(old.body).toEqual(INVALID_KEY);
    const fresh = await api("GET", keysPath(site), { token: newKey });
    expect(fresh.status).toBe(200);
    expect(fresh.data.map((k) => k._id)).toEqual([_id]);
    expect(fresh.data[0]?.displayKey).toBe(`${newKey.slice(0, 7)}...${newKey.slice(-4)}`);
    expect(await activeKeys(site)).toBe(1);
    await expectOneAudit("api_key.rolled", _id, {
      actorType: "accessToken",
      actorId: ownerTokenId,
      userId: owner.id,
      websiteId: site,
      userAgent: UA,
    });
  });

  it("DELETE /websites/{id}/apikeys/{keyId} — {deleted:true}, then 401, a second delete 404, gone from the list", async () => {
    const site = await newWebsite(owner, "revoke");
    const { _id, key } = await newApiKey(owner, site, "to revoke");
    const kept = await newApiKey(owner, site, "kept");
    const deleted = await api("DELETE", keyPath(site, _id), { token: owner.token, headers: { "user-agent": UA } });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ status: "success", data: [{ deleted: true }] });
    const afterwards = await api("GET", keysPath(site), { token: key });
    expect(afterwards.status).toBe(401);
    expect(afterwards.body).toEqual(INVALID_KEY);

    const again = await api("DELETE", keyPath(site, _id), { token: owner.token });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ status: "error", error: { code: 404, message: "API key not found" } });
    const listed = await api("GET", keysPath(site), { token: owner.token });
    expect(listed.data.map((k) => k._id)).toEqual([kept._id]);
    expect((await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: _id } })).revokedAt).toBeInstanceOf(Date);
    // The second, refused delete wrote nothing.
    await expectOneAudit("api_key.revoked", _id, {
      actorType: "accessToken",
      actorId: ownerTokenId,
      userId: owner.id,
      websiteId: site,
      userAgent: UA,
    });
  });

  it("at most 10 keys per website, exactly, under 16 parallel creates; failures write no audit; revoking frees a slot", async () => {
    const site = await newWebsite(owner, "limit");
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        api("POST", keysPath(site), { token: owner.token, body: { name: `k${i}` } }),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(6);
    for (const response of refused) {
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        status: "error",
        error: { code: 400, message: "Key limit reached (max 10 per website)" },
      });
    }
    expect(await activeKeys(site)).toBe(10);
    expect(await (await db()).websiteApiKey.count({ where: { websiteId: site } })).toBe(10);
    const audits = await keyAudits(site);
    expect(audits).toHaveLength(10);
    expect(audits.every((a) => a.action === "api_key.created")).toBe(true);
    expect(new Set(audits.map((a) => a.targetId))).toEqual(new Set(ok.map((r) => r.data[0]?._id)));

    const first = ok[0]?.data[0]?._id as string;
    expect((await api("DELETE", keyPath(site, first), { token: owner.token })).status).toBe(200);
    const refill = await api("POST", keysPath(site), { token: owner.token });
    expect(refill.status).toBe(200);
    const overflow = await api("POST", keysPath(site), { token: owner.token });
    expect(overflow.status).toBe(400);
    expect(overflow.body.error.message).toBe("Key limit reached (max 10 per website)");
    expect(await activeKeys(site)).toBe(10);
    expect(await keyAudits(site)).toHaveLength(12); // 10 + revoke + refill; the overflow wrote none
  });

  it("a df_ key lists and creates keys of its own website, and gets 403 on another website's keys, which stay unchanged", async () => {
    const site = await newWebsite(owner, "own");
    const other = await newWebsite(owner, "other");
    const scoped = await newApiKey(owner, site, "scoped");
    const otherKey = await newApiKey(owner, other, "other's");

    const listed = await api("GET", keysPath(site), { token: scoped.key });
    expect(listed.status).toBe(200);
    expect(listed.data.map((k) => k._id)).toEqual([scoped._id]);
    const created = await api("POST", keysPath(site), {
      token: scoped.key,
      body: { name: "by key" },
      headers: { "user-agent": UA },
    });
    expect(created.status).toBe(200);
    expect(created.data[0]).toMatchObject({ name: "by key", websiteId: site });
    await expectOneAudit("api_key.created", created.data[0]?._id as string, {
      actorType: "apiKey",
      actorId: scoped._id,
      userId: null,
      websiteId: site,
      userAgent: UA,
    });

    const before = await keyRows(other);
    const auditsBefore = await keyAudits(other);
    for (const [method, path] of [
      ["GET", keysPath(other)],
      ["POST", keysPath(other)],
      ["PUT", keyPath(other, otherKey._id)],
      ["DELETE", keyPath(other, otherKey._id)],
    ] as const) {
      const response = await api(method, path, { token: scoped.key, body: method === "POST" ? {} : undefined });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body).toEqual(NO_ACCESS);
    }
    expect(await keyRows(other)).toEqual(before);
    expect(await keyAudits(other)).toEqual(auditsBefore);
    expect((await api("GET", keysPath(other), { token: otherKey.key })).status).toBe(200);
  });

  it("a viewer (with a `*` token) lists keys but gets 403 on create, roll and revoke, and nothing changes", async () => {
    const site = await newWebsite(owner, "viewer");
    const viewer = await newUser("viewer");
    await addMember(site, viewer, "viewer");
    const target = await newApiKey(owner, site, "target");
    const listed = await api("GET", keysPath(site), { token: viewer.token });
    expect(listed.status).toBe(200);
    expect(listed.data.map((k) => k._id)).toEqual([target._id]);

    const before = await keyRows(site);
    const auditsBefore = await keyAudits(site);
    for (const [method, path] of [
      ["POST", keysPath(site)],
      ["PUT", keyPath(site, target._id)],
      ["DELETE", keyPath(site, target._id)],
    ] as const) {
      const response = await api(method, path, { token: viewer.token });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body).toEqual(NEEDS_WRITE);
    }
    expect(await keyRows(site)).toEqual(before);
    expect(await keyAudits(site)).toEqual(auditsBefore);
    expect((await api("GET", keysPath(site), { token: target.key })).status).toBe(200);
  });

  it("a member can create, roll and revoke keys", async () => {
    const site = await newWebsite(owner, "member");
    const member = await newUser("member");
    await addMember(site, member, "member");
    const created = await api("POST", keysPath(site), { token: member.token, body: { name: "member's" } });
    expect(created.status).toBe(200);
    const id = created.data[0]?._id as string;
    await expectOneAudit("api_key.created", id, { actorType: "accessToken", userId: member.id, websiteId: site });
    expect((await api("PUT", keyPath(site, id), { token: member.token })).status).toBe(200);
    expect((await api("DELETE", keyPath(site, id), { token: member.token })).status).toBe(200);
    expect(await activeKeys(site)).toBe(0);
  });

  it("a non-member gets the same 403 for an existing website and for a website that does not exist", async () => {
    const site = await newWebsite(owner, "private");
    const existingKey = await newApiKey(owner, site, "private");
    const outsider = await newUser("outsider");
    const missing = randomBytes(12).toString("hex");
    const before = await keyRows(site);
    const auditsBefore = await keyAudits(site);
    for (const [method, suffix] of [
      ["GET", ""],
      ["POST", ""],
      ["PUT", `/${existingKey._id}`],
      ["DELETE", `/${existingKey._id}`],
    ] as const) {
      const onExisting = await api(method, `${keysPath(site)}${suffix}`, { token: outsider.token });
      const onMissing = await api(method, `${keysPath(missing)}${suffix}`, { token: outsider.token });
      expect(onExisting.status, `${method} existing`).toBe(403);
      expect(onExisting.body).toEqual(NO_ACCESS);
      expect(onMissing.status, `${method} missing`).toBe(403);
      expect(onMissing.body).toEqual(NO_ACCESS);
    }
    expect(await keyRows(site)).toEqual(before);
    expect(await keyAudits(site)).toEqual(auditsBefore);
    expect(await (await db()).websiteApiKey.count({ where: { websiteId: missing } })).toBe(0);
    expect(
      await (await db()).auditEvent.count({ where: { userId: outsider.id, action: { startsWith: "api_key." } } }),
    ).toBe(0);
  });

  it("a key id of website A under website B's path is 404, and key A is unchanged and still works", async () => {
    const siteA = await newWebsite(owner, "a");
    const siteB = await newWebsite(owner, "b");
    const keyA = await newApiKey(owner, siteA, "A");
    const before = await keyRows(siteA);
    for (const method of ["PUT", "DELETE"] as const) {
      const response = await api(method, keyPath(siteB, keyA._id), { token: owner.token });
      expect(response.status, method).toBe(404);
      expect(response.body).toEqual({ status: "error", error: { code: 404, message: "API key not found" } });
    }
    expect(await keyRows(siteA)).toEqual(before);
    expect(await keyAudits(siteB)).toEqual([]);
    expect(await (await db()).auditEvent.count({ where: { targetId: keyA._id } })).toBe(1); // its creation only
    expect((await api("GET", keysPath(siteA), { token: keyA.key })).status).toBe(200);
  });

  it("lastUsedAt is null before use, set after use (off the response path), and not rewritten within a minute", async () => {
    const site = await newWebsite(owner, "usage");
    const { _id, key } = await newApiKey(owner, site, "usage");
    const read = async () => (await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: _id } })).lastUsedAt;
    expect(await read()).toBeNull();
    const unused = await api("GET", keysPath(site), { token: owner.token });
    expect(unused.data[0]?.lastUsedAt).toBeNull();

    const usedAt = Date.now();
    expect((await api("GET", keysPath(site), { token: key })).status).toBe(200);
    let first: Date | null = null;
    for (let i = 0; i < 40 && !first; i++) {
      first = await read();
      if (!first) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(first).toBeInstanceOf(Date);
    expect(Math.abs((first as Date).getTime() - usedAt)).toBeLessThan(10_000);

    expect((await api("GET", keysPath(site), { token: key })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await read()).toEqual(first);
    const listed = await api("GET", keysPath(site), { token: owner.token });
    expect(listed.data[0]?.lastUsedAt).toBe((first as Date).toISOString());
  });

  it("a well-formed key that was never issued gets 401 and writes nothing", async () => {
    const site = await newWebsite(owner, "unknown");
    const before = await keyRows(site);
    for (const method of ["GET", "POST"] as const) {
      const response = await api(method, keysPath(site), { token: generateKey("apiKey") });
      expect(response.status).toBe(401);
      expect(response.body).toEqual(INVALID_KEY);
    }
    expect(await keyRows(site)).toEqual(before);
    expect(await keyAudits(site)).toHaveLength(before.length);
  });

  it("a token without api-keys permissions gets 403 on list and create, and nothing is written", async () => {
    const site = await newWebsite(owner, "limited");
    const limited = await tokenFor(owner.id, ["analytics:read", "websites:read"]);
    const list = await api("GET", keysPath(site), { token: limited });
    expect(list.status).toBe(403);
    expect(list.body.error.message).toBe("Missing permission: api-keys:read");
    const create = await api("POST", keysPath(site), { token: limited });
    expect(create.status).toBe(403);
    expect(create.body).toEqual(NEEDS_WRITE);
    expect(await keyRows(site)).toEqual([]);
    expect(await keyAudits(site)).toEqual([]);
  });
});

describe("roll with a grace period", () => {
  let owner: TestUser;

  beforeAll(async () => {
    owner = await newUser("grace-owner");
  });

  const works = async (site: string, key: string) => (await api("GET", keysPath(site), { token: key })).status;

  /** Ends the grace window now, as the passing of time would. */
  async function endGrace(keyId: string) {
    await (await db()).$executeRaw`
      UPDATE "WebsiteApiKey" SET "previousKeyExpiresAt" = now() - interval '1 second' WHERE "id" = ${keyId}`;
  }

  it("PUT …/apikeys/{keyId} {expireOldKeyInMinutes: 60} — old and new both work, old gets 401 once the window ends", async () => {
    const site = await newWebsite(owner, "grace");
    const { _id, key: oldKey } = await newApiKey(owner, site, "graceful");
    const before = Date.now();
    const rolled = await api("PUT", keyPath(site, _id), { token: owner.token, body: { expireOldKeyInMinutes: 60 } });
    expect(rolled.status).toBe(200);
    expect(Object.keys(rolled.data[0] ?? {}).sort()).toEqual([...KEY_FIELDS, "key"].sort());
    const newKey = rolled.data[0]?.key as string;
    expect(await works(site, oldKey)).toBe(200);
    expect(await works(site, newKey)).toBe(200);

    const row = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: _id } });
    expect(row.previousKeyHash).toBe(sha256(oldKey));
    expect(row.keyHash).toBe(sha256(newKey));
    const ends = row.previousKeyExpiresAt?.getTime() ?? 0;
    expect(ends).toBeGreaterThanOrEqual(before + 60 * 60_000 - 5_000);
    expect(ends).toBeLessThanOrEqual(Date.now() + 60 * 60_000 + 5_000);
    const [audit] = await (await db()).auditEvent.findMany({ where: { action: "api_key.rolled", targetId: _id } });
    expect(audit?.metadata).toMatchObject({ expireOldKeyInMinutes: 60 });

    await endGrace(_id);
    const old = await api("GET", keysPath(site), { token: oldKey });
    expect(old.status).toBe(401);
    expect(old.body).toEqual(INVALID_KEY);
    expect(await works(site, newKey)).toBe(200);
  });

  it("revoking a key in its grace window ends the old and the new value at once", async () => {
    const site = await newWebsite(owner, "grace-revoke");
    const { _id, key: oldKey } = await newApiKey(owner, site);
    const rolled = await api("PUT", keyPath(site, _id), {
      token: owner.token,
      body: { expireOldKeyInMinutes: 10_080 },
    });
    const newKey = rolled.data[0]?.key as string;
    expect(await works(site, oldKey)).toBe(200);
    expect((await api("DELETE", keyPath(site, _id), { token: owner.token })).status).toBe(200);
    expect(await works(site, oldKey)).toBe(401);
    expect(await works(site, newKey)).toBe(401);
    const row = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: _id } });
    expect(row).toMatchObject({ previousKeyHash: null, previousKeyExpiresAt: null });
  });

  it("a roll during a grace window replaces the old value: only the latest one keeps working", async () => {
    const site = await newWebsite(owner, "grace-twice");
    const { _id, key: first } = await newApiKey(owner, site);
    const second = (await api("PUT", keyPath(site, _id), { token: owner.token, body: { expireOldKeyInMinutes: 60 } }))
      .data[0]?.key as string;
    const third = (await api("PUT", keyPath(site, _id), { token: owner.token, body: { expireOldKeyInMinutes: 60 } }))
      .data[0]?.key as string;
    expect(await works(site, first)).toBe(401);
    expect(await works(site, second)).toBe(200);
    expect(await works(site, third)).toBe(200);
  });

  it("a roll with no body, an empty body or 0 refuses the old key at once, also ending a running grace window", async () => {
    const site = await newWebsite(owner, "grace-none");
    const { _id, key } = await newApiKey(owner, site);
    let current = key;
    for (const body of [undefined, {}, { expireOldKeyInMinutes: 0 }]) {
      const graced = await api("PUT", keyPath(site, _id), { token: owner.token, body: { expireOldKeyInMinutes: 60 } });
      const inGrace = current;
      current = graced.data[0]?.key as string;
      expect(await works(site, inGrace)).toBe(200);
      const rolled = await api("PUT", keyPath(site, _id), { token: owner.token, body });
      expect(rolled.status).toBe(200);
      expect(await works(site, inGrace)).toBe(401);
      expect(await works(site, current)).toBe(401);
      current = rolled.data[0]?.key as string;
      expect(await works(site, current)).toBe(200);
      const row = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: _id } });
      expect(row).toMatchObject({ previousKeyHash: null, previousKeyExpiresAt: null });
    }
  });

  it("expireOldKeyInMinutes out of range or not an integer → 400 with details, and nothing changes", async () => {
    const site = await newWebsite(owner, "grace-invalid");
    const { _id, key } = await newApiKey(owner, site);
    const before = await keyRows(site);
    for (const value of [-1, 10_081, 1.5, "60", null]) {
      const response = await api("PUT", keyPath(site, _id), {
        token: owner.token,
        body: { expireOldKeyInMinutes: value },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe("Invalid request body");
      expect(response.body.error.details).toEqual([expect.objectContaining({ path: "expireOldKeyInMinutes" })]);
    }
    const unknown = await api("PUT", keyPath(site, _id), { token: owner.token, body: { expireOldKey: 5 } });
    expect(unknown.status).toBe(400);
    expect(await keyRows(site)).toEqual(before);
    expect(await works(site, key)).toBe(200);
  });

  it("dashboard (tRPC): roll takes the same field; the list shows when the old key expires, only while it runs", async () => {
    const site = await newWebsite(owner, "grace-trpc");
    const caller = callerFor(owner.id);
    const { _id, key: oldKey } = await newApiKey(owner, site);
    const rolled = await caller.apiKeys.roll({ websiteId: site, apiKeyId: _id, expireOldKeyInMinutes: 24 * 60 });
    expect(await works(site, oldKey)).toBe(200);
    expect(await works(site, rolled.key as string)).toBe(200);
    const [listed] = (await caller.apiKeys.list({ websiteId: site })).keys;
    const ends = new Date(listed?.oldKeyExpiresAt as string).getTime();
    expect(Math.abs(ends - (Date.now() + 24 * 3600_000))).toBeLessThan(60_000);
    expect(
      (await refusal(caller.apiKeys.roll({ websiteId: site, apiKeyId: _id, expireOldKeyInMinutes: 10_081 }))).code,
    ).toBe("BAD_REQUEST");
    await endGrace(_id);
    expect((await caller.apiKeys.list({ websiteId: site })).keys[0]?.oldKeyExpiresAt).toBeNull();
    expect(await works(site, oldKey)).toBe(401);
  });

  it("the lookup matches either value through the unique indexes, not a scan", async () => {
    const prisma = await db();
    await prisma.$executeRawUnsafe("SET enable_seqscan = off");
    try {
      const plan = await prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `EXPLAIN SELECT k."id" FROM "WebsiteApiKey" k
         WHERE (k."keyHash" = $1 OR (k."previousKeyHash" = $1 AND k."previousKeyExpiresAt" > now())) AND k."revokedAt" IS NULL`,
        sha256("x"),
      );
      const text = plan.map((line) => line["QUERY PLAN"]).join("\n");
      expect(text).toContain("WebsiteApiKey_keyHash_key");
      expect(text).toContain("WebsiteApiKey_previousKeyHash_key");
    } finally {
      await prisma.$executeRawUnsafe("RESET enable_seqscan");
    }
  });
});
