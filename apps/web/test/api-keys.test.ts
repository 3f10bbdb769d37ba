// REST v1 website keys over real HTTP against the built server on Postgres.
import { generateKey } from "@keygate/core/credentials";
import { describe, expect, it } from "vitest";
import { addMember, api, db, newApiKey, newUser, newWebsite, type TestUser, tokenFor } from "./helpers";

const KEY_FIELDS = ["_id", "createdAt", "displayKey", "lastUsedAt", "name", "websiteId"];

async function activeKeys(websiteId: string) {
  return (await db()).websiteApiKey.count({ where: { websiteId, revokedAt: null } });
}

async function auditCount(where: Record<string, unknown>) {
  return (await db()).auditEvent.count({ where });
}

describe("website API keys", () => {
  let owner: TestUser;
  let websiteId: string;

  it("POST /websites/{id}/apikeys — returns the raw key once, then lists it masked with DataFast's fields", async () => {
    owner = await newUser("owner");
    websiteId = await newWebsite(owner);
    const created = await api("POST", `/admin/websites/${websiteId}/apikeys`, {
      token: owner.token,
      body: { name: "Production key" },
      headers: { "user-agent": "keygate-test/1.0" },
    });
    expect(created.status).toBe(200);
    expect(created.body.status).toBe("success");
    const [key] = created.data;
    expect(Object.keys(key ?? {}).sort()).toEqual([...KEY_FIELDS, "key"].sort());
    expect(key?.key).toMatch(/^df_[0-9A-Za-z]{36}$/);
    const raw = key?.key as string;
    expect(key?.displayKey).toBe(`${raw.slice(0, 7)}...${raw.slice(-4)}`);
    expect(key).toMatchObject({ name: "Production key", websiteId, lastUsedAt: null });

    const listed = await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: owner.token });
    expect(listed.status).toBe(200);
    expect(listed.data).toHaveLength(1);
    expect(Object.keys(listed.data[0] ?? {}).sort()).toEqual(KEY_FIELDS.sort());
    expect(listed.text).not.toContain(raw);

    const [event] = await (await db()).auditEvent.findMany({
      where: { action: "api_key.created", targetId: key?._id as string },
    });
    expect(event).toMatchObject({
      actorType: "accessToken",
      userId: owner.id,
      websiteId,
      userAgent: "keygate-test/1.0",
    });
    expect(event?.ip).toMatch(/127\.0\.0\.1$/);
  });

  it("POST without a body creates an unnamed key", async () => {
    const response = await api("POST", `/admin/websites/${websiteId}/apikeys`, { token: owner.token });
    expect(response.status).toBe(200);
    expect(response.data[0]?.name).toBeNull();
  });

  it("PUT /websites/{id}/apikeys/{keyId} — keeps _id, returns a new key; old key gets 401 at once", async () => {
    const { _id, key: oldKey } = await newApiKey(owner, websiteId, "to roll");
    expect((await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: oldKey })).status).toBe(200);
    const rolled = await api("PUT", `/admin/websites/${websiteId}/apikeys/${_id}`, { token: owner.token });
    expect(rolled.status).toBe(200);
    expect(rolled.data[0]?._id).toBe(_id);
    const newKey = rolled.data[0]?.key as string;
    expect(newKey).toMatch(/^df_/);
    expect(newKey).not.toBe(oldKey);
    const old = await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: oldKey });
    expect(old.status).toBe(401);
    expect(old.body).toEqual({ status: "error", error: { code: 401, message: "Invalid or revoked API key" } });
    expect((await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: newKey })).status).toBe(200);
    expect(await auditCount({ action: "api_key.rolled", targetId: _id })).toBe(1);
  });

  it("DELETE /websites/{id}/apikeys/{keyId} — {deleted:true}, then 401, a second delete 404, gone from the list", async () => {
    const { _id, key } = await newApiKey(owner, websiteId, "to revoke");
    const deleted = await api("DELETE", `/admin/websites/${websiteId}/apikeys/${_id}`, { token: owner.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ status: "success", data: [{ deleted: true }] });
    expect((await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: key })).status).toBe(401);
    expect((await api("DELETE", `/admin/websites/${websiteId}/apikeys/${_id}`, { token: owner.token })).status).toBe(
      404,
    );
    const listed = await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: owner.token });
    expect(listed.data.map((k) => k._id)).not.toContain(_id);
    expect(await auditCount({ action: "api_key.revoked", targetId: _id })).toBe(1);
  });

  it("at most 10 keys per website, exactly, under 16 parallel creates; revoking one frees a slot", async () => {
    const site = await newWebsite(owner, "limit");
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        api("POST", `/admin/websites/${site}/apikeys`, { token: owner.token, body: { name: `k${i}` } }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 400)).toHaveLength(6);
    const refused = responses.find((r) => r.status === 400);
    expect(refused?.body.error).toEqual({ code: 400, message: "Key limit reached (max 10 per website)" });
    expect(await activeKeys(site)).toBe(10);
    expect(await auditCount({ action: "api_key.created", websiteId: site })).toBe(10);

    const first = responses.find((r) => r.status === 200)?.data[0]?._id as string;
    expect((await api("DELETE", `/admin/websites/${site}/apikeys/${first}`, { token: owner.token })).status).toBe(200);
    expect((await api("POST", `/admin/websites/${site}/apikeys`, { token: owner.token })).status).toBe(200);
    expect((await api("POST", `/admin/websites/${site}/apikeys`, { token: owner.token })).status).toBe(400);
  });

  it("a df_ key manages keys of its own website (member level) and gets 403 on another website, which stays unchanged", async () => {
    const other = await newWebsite(owner, "other");
    const { key } = await newApiKey(owner, websiteId, "scoped");
    expect((await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: key })).status).toBe(200);
    expect(
      (await api("POST", `/admin/websites/${websiteId}/apikeys`, { token: key, body: { name: "by key" } })).status,
    ).toBe(200);
    const before = await activeKeys(other);
    for (const [method, path] of [
      ["GET", `/admin/websites/${other}/apikeys`],
      ["POST", `/admin/websites/${other}/apikeys`],
    ] as const) {
      const response = await api(method, path, { token: key });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe("You do not have access to this website");
    }
    expect(await activeKeys(other)).toBe(before);
  });

  it("a viewer lists keys but gets 403 on create, roll and revoke, and nothing changes", async () => {
    const viewer = await newUser("viewer");
    await addMember(websiteId, viewer, "viewer");
    const target = await newApiKey(owner, websiteId, "target");
    const before = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: target._id } });
    const count = await activeKeys(websiteId);
    expect((await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: viewer.token })).status).toBe(200);
    for (const [method, path] of [
      ["POST", `/admin/websites/${websiteId}/apikeys`],
      ["PUT", `/admin/websites/${websiteId}/apikeys/${target._id}`],
      ["DELETE", `/admin/websites/${websiteId}/apikeys/${target._id}`],
    ] as const) {
      const response = await api(method, path, { token: viewer.token });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error.message).toBe("Missing permission: api-keys:write");
    }
    expect(await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: target._id } })).toEqual(before);
    expect(await activeKeys(websiteId)).toBe(count);
    expect((await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: target.key })).status).toBe(200);
  });

  it("a member can create keys; a non-member gets the same 403 for an existing and a missing website", async () => {
    const member = await newUser("member");
    await addMember(websiteId, member, "member");
    expect((await api("POST", `/admin/websites/${websiteId}/apikeys`, { token: member.token })).status).toBe(200);

    const outsider = await newUser("outsider");
    const existing = await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: outsider.token });
    const missing = await api("GET", "/admin/websites/0123456789abcdef01234567/apikeys", { token: outsider.token });
    expect(existing.status).toBe(403);
    expect(missing.body).toEqual(existing.body);
  });

  it("a key id of website A under website B's path is 404, and key A is unchanged and still works", async () => {
    const siteB = await newWebsite(owner, "b");
    const keyA = await newApiKey(owner, websiteId, "A");
    const before = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: keyA._id } });
    expect((await api("PUT", `/admin/websites/${siteB}/apikeys/${keyA._id}`, { token: owner.token })).status).toBe(404);
    expect((await api("DELETE", `/admin/websites/${siteB}/apikeys/${keyA._id}`, { token: owner.token })).status).toBe(
      404,
    );
    expect(await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: keyA._id } })).toEqual(before);
    expect((await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: keyA.key })).status).toBe(200);
  });

  it("lastUsedAt is set after use, off the response path, and not rewritten within a minute", async () => {
    const { _id, key } = await newApiKey(owner, websiteId, "usage");
    const read = async () => (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: _id } });
    expect((await read()).lastUsedAt).toBeNull();
    await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: key });
    let first: Date | null = null;
    for (let i = 0; i < 40 && !first; i++) {
      first = (await read()).lastUsedAt;
      if (!first) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(first).toBeInstanceOf(Date);
    await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: key });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await read()).lastUsedAt).toEqual(first);
    const listed = await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: owner.token });
    expect(listed.data.find((k) => k._id === _id)?.lastUsedAt).toBe(first?.toISOString());
  });

  it("a well-formed key that was never issued gets 401 without any write", async () => {
    const before = await auditCount({});
    expect((await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: generateKey("apiKey") })).status).toBe(
      401,
    );
    expect(await auditCount({})).toBe(before);
  });

  it("a token limited to other permissions gets 403 on keys", async () => {
    const limited = await tokenFor(owner.id, ["analytics:read"]);
    expect((await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: limited })).status).toBe(403);
  });
});
