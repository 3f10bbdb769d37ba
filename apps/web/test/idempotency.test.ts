// Idempotency-Key on create and roll: a lost answer is asked for again and comes back the same — the
// same raw key — never as a second credential. The database decides who reserved a key first.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { idempotencyCleanup } from "../src/server/rest/idempotency";
import { api, db, newUser, newWebsite, type TestUser } from "./helpers";

const keysPath = (site: string) => `/admin/websites/${site}/apikeys`;
const withKey = (user: TestUser, key: string, body?: unknown) => ({
  token: user.token,
  body,
  headers: { "Idempotency-Key": key },
});
const activeKeys = async (site: string) =>
  (await db()).websiteApiKey.count({ where: { websiteId: site, revokedAt: null } });

describe("Idempotency-Key", () => {
  it("a retried create answers the first key again, raw value included, and creates nothing more", async () => {
    const owner = await newUser("owner");
    const site = await newWebsite(owner);
    const key = randomUUID();
    const first = await api<{ _id: string; key: string }>("POST", keysPath(site), withKey(owner, key, { name: "ci" }));
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // Same request, keys in another order and other spacing: the same request.
    const again = await api<{ _id: string; key: string }>("POST", keysPath(site), {
      token: owner.token,
      rawBody: ' { "name" : "ci" } ',
      headers: { "Idempotency-Key": key },
    });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await activeKeys(site)).toBe(1);
    expect(await (await db()).auditEvent.count({ where: { websiteId: site, action: "api_key.created" } })).toBe(1);
    // The kept answer is sealed: no raw key in the table.
    const stored = await (await db()).idempotentRequest.findMany({ select: { response: true } });
    expect(stored.some((row) => row.response?.includes(first.data[0]?.key as string))).toBe(false);
    expect(stored.some((row) => row.response?.includes("df_"))).toBe(false);
    // The replayed key is the real one.
    expect((await api("GET", keysPath(site), { token: first.data[0]?.key })).status).toBe(200);
  });

  it("without the header every create is a new key, as in DataFast", async () => {
    const owner = await newUser("owner");
    const site = await newWebsite(owner);
    const one = await api("POST", keysPath(site), { token: owner.token, body: { name: "a" } });
    const two = await api("POST", keysPath(site), { token: owner.token, body: { name: "a" } });
    expect(one.data[0]?._id).not.toBe(two.data[0]?._id);
    expect(await activeKeys(site)).toBe(2);
  });

  it("the same key on another request is a 400; a bad header is a 400; other credentials have their own keys", async () => {
    const owner = await newUser("owner");
    const other = await newUser("other");
    const site = await newWebsite(owner);
    const otherSite = await newWebsite(other);
    const key = randomUUID();
    expect((await api("POST", keysPath(site), withKey(owner, key, { name: "a" }))).status).toBe(200);
    const different = await api("POST", keysPath(site), withKey(owner, key, { name: "b" }));
    expect(different.status).toBe(400);
    expect(different.body.error.details).toEqual([
      { path: "Idempotency-Key", message: "Use a new key for a new request" },
    ]);
    for (const bad of ["", "has space", "x".repeat(256), "é"]) {
      const refused = await api("POST", keysPath(site), withKey(owner, bad, { name: "c" }));
      // An empty header is no header (fetch drops nothing, but the value fails the shape check).
      expect(refused.status, JSON.stringify(bad)).toBe(400);
    }
    expect(await activeKeys(site)).toBe(1);
    // Another user's identical key is theirs alone.
    expect((await api("POST", keysPath(otherSite), withKey(other, key, { name: "a" }))).status).toBe(200);
    expect(await activeKeys(otherSite)).toBe(1);
  });

  it("parallel retries create one key: each answer is that key or a 409 while it is being made", async () => {
    const owner = await newUser("owner");
    const site = await newWebsite(owner);
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        api<{ _id: string; key: string }>("POST", keysPath(site), withKey(owner, key, {})),
      ),
    );
    expect(answers.every((answer) => answer.status === 200 || answer.status === 409)).toBe(true);
    const made = answers.filter((answer) => answer.status === 200);
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(new Set(made.map((answer) => answer.data[0]?.key)).size).toBe(1);
    expect(await activeKeys(site)).toBe(1);
  });

  it("a failed request frees its key: the retry runs for real", async () => {
    const owner = await newUser("owner");
    const site = await newWebsite(owner);
    const made = [];
    for (let i = 0; i < 10; i++)
      made.push((await api("POST", keysPath(site), { token: owner.token, body: {} })).data[0]);
    const key = randomUUID();
    const full = await api("POST", keysPath(site), withKey(owner, key, { name: "eleventh" }));
    expect(full.status).toBe(400);
    await api("DELETE", `${keysPath(site)}/${made[0]?._id}`, { token: owner.token });
    const retried = await api("POST", keysPath(site), withKey(owner, key, { name: "eleventh" }));
    expect(retried.status).toBe(200);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect(retried.data[0]?.name).toBe("eleventh");
  });

  it("a kept answer that cannot be read is a 409, never a 500; an abandoned reservation is taken over", async () => {
    const owner = await newUser("owner");
    const site = await newWebsite(owner);
    const key = randomUUID();
    expect((await api("POST", keysPath(site), withKey(owner, key, { name: "a" }))).status).toBe(200);
    // Sealed under another secret, or altered: the seal does not open.
    await (await db()).idempotentRequest.updateMany({
      where: { response: { not: null } },
      data: { response: "v1.AAAA.BBBB.CCCC" },
    });
    const unreadable = await api("POST", keysPath(site), withKey(owner, key, { name: "a" }));
    expect(unreadable.status).toBe(409);
    expect(unreadable.body.error.message).toContain("can no longer be read");

    // A reservation whose request never finished (its process died) is given up after two minutes.
    const stale = randomUUID();
    const first = await api("POST", keysPath(site), withKey(owner, stale, { name: "b" }));
    await (await db())
      .$executeRaw`UPDATE "IdempotentRequest" SET "response" = NULL, "createdAt" = now() - interval '3 minutes'
      WHERE "response" IS NOT NULL AND "createdAt" > now() - interval '1 minute'`;
    const retried = await api<{ _id: string }>("POST", keysPath(site), withKey(owner, stale, { name: "b" }));
    expect(retried.status).toBe(200);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect(retried.data[0]?._id).not.toBe(first.data[0]?._id);
    const again = await api<{ _id: string }>("POST", keysPath(site), withKey(owner, stale, { name: "b" }));
    expect(again.data[0]?._id).toBe(retried.data[0]?._id);
  });

  it("a retried roll answers the same new key; after 24 hours the key is new again; tokens too", async () => {
    const owner = await newUser("owner");
    const site = await newWebsite(owner);
    const created = await api<{ _id: string; key: string }>("POST", keysPath(site), { token: owner.token, body: {} });
    const id = created.data[0]?._id as string;
    const key = randomUUID();
    const rolled = await api<{ key: string }>("PUT", `${keysPath(site)}/${id}`, withKey(owner, key));
    const again = await api<{ key: string }>("PUT", `${keysPath(site)}/${id}`, withKey(owner, key));
    expect(rolled.status).toBe(200);
    expect(again.data[0]?.key).toBe(rolled.data[0]?.key);
    expect((await api("GET", keysPath(site), { token: rolled.data[0]?.key })).status).toBe(200);
    expect(await (await db()).auditEvent.count({ where: { targetId: id, action: "api_key.rolled" } })).toBe(1);

    // Past its 24 hours the key is free: the same header rolls again, and the cleanup job deletes old answers.
    await (await db()).idempotentRequest.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const later = await api<{ key: string }>("PUT", `${keysPath(site)}/${id}`, withKey(owner, key));
    expect(later.status).toBe(200);
    expect(later.data[0]?.key).not.toBe(rolled.data[0]?.key);
    await (await db()).idempotentRequest.updateMany({
      where: { NOT: { fingerprint: "" } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await idempotencyCleanup.run(new Date())).toBeGreaterThanOrEqual(1);
    expect(await (await db()).idempotentRequest.count({ where: { expiresAt: { lte: new Date() } } })).toBe(0);

    const tokenKey = randomUUID();
    const token = await api<{ _id: string; key: string }>(
      "POST",
      "/admin/access-tokens",
      withKey(owner, tokenKey, { name: "agent" }),
    );
    const tokenAgain = await api<{ _id: string; key: string }>(
      "POST",
      "/admin/access-tokens",
      withKey(owner, tokenKey, { name: "agent" }),
    );
    expect(token.status).toBe(200);
    expect(tokenAgain.data[0]?.key).toBe(token.data[0]?.key);
    expect(await (await db()).accessToken.count({ where: { userId: owner.id, name: "agent" } })).toBe(1);
  });
});
