// REST v1 account tokens (`dft_`) over real HTTP: listing, limits, escalation attempts, demotion.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addMember, api, db, newApiKey, newUser, newWebsite, tokenFor } from "./helpers";

const TOKEN_FIELDS = ["_id", "createdAt", "displayKey", "lastUsedAt", "name", "permissions", "scope", "websiteIds"];
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$/;
const UA = "keygate-access-tokens-test/1.0";
const LIMIT_MESSAGE = "Token limit reached (max 20 per account)";
const WEBSITE_KEY_DENIED = "Website API keys (df_) cannot access account-level resources; use an account token (dft_)";

const sha256 = (raw: string) => createHash("sha256").update(raw).digest("hex");

/** The id of a `dft_` token, found by the SHA-256 of its raw value. */
async function tokenId(raw: string): Promise<string> {
  return (await (await db()).accessToken.findUniqueOrThrow({ where: { keyHash: sha256(raw) } })).id;
}

/**
 * Every token row of a user, revoked ones included, to compare before and after a refused write.
 * Without `lastUsedAt`: using a token updates it off the response path, which is not a change we look for.
 */
async function tokenRows(userId: string) {
  const rows = await (await db()).accessToken.findMany({ where: { userId }, orderBy: { id: "asc" } });
  return rows.map(({ lastUsedAt: _ignored, ...row }) => row);
}

async function activeTokens(userId: string) {
  return (await db()).accessToken.count({ where: { userId, revokedAt: null } });
}

async function tokenAudits(userId: string) {
  return (await db()).auditEvent.findMany({ where: { userId, action: { startsWith: "access_token." } } });
}

async function keyRows(websiteId: string) {
  return (await db()).websiteApiKey.findMany({ where: { websiteId }, orderBy: { id: "asc" } });
}

describe("account tokens", () => {
  it("GET /access-tokens — only the caller's own tokens, masked, with DataFast's field names, never `key`", async () => {
    const user = await newUser("lister");
    const stranger = await newUser("stranger");
    const mine = await api("POST", "/admin/access-tokens", {
      token: user.token,
      body: { name: "CI", permissions: ["websites:read"] },
    });
    const theirs = await api("POST", "/admin/access-tokens", { token: stranger.token, body: { name: "theirs" } });
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    const raw = mine.data[0]?.key as string;

    const listed = await api("GET", "/admin/access-tokens", { token: user.token });
    expect(listed.status).toBe(200);
    expect(listed.body.status).toBe("success");
    expect(listed.data.map((t) => t._id).sort()).toEqual([await tokenId(user.token), mine.data[0]?._id].sort());
    for (const item of listed.data) {
      expect(Object.keys(item).sort()).toEqual(TOKEN_FIELDS);
      expect(item.scope).toBe("user");
      expect(item.displayKey).toMatch(/^dft_[0-9A-Za-z]{4}\.\.\.[0-9A-Za-z]{4}$/);
    }
    expect(listed.data.find((t) => t._id === mine.data[0]?._id)).toMatchObject({
      name: "CI",
      displayKey: `${raw.slice(0, 8)}...${raw.slice(-4)}`,
      scope: "user",
      permissions: ["websites:read"],
      websiteIds: [],
      lastUsedAt: null,
    });
    expect(listed.text).not.toContain(raw);
    expect(listed.text).not.toContain(user.token);
    expect(listed.text).not.toContain(sha256(raw));
    expect(listed.text).not.toContain(theirs.data[0]?._id as string);

    const strangers = await api("GET", "/admin/access-tokens", { token: stranger.token });
    expect(strangers.data.map((t) => t._id).sort()).toEqual(
      [await tokenId(stranger.token), theirs.data[0]?._id].sort(),
    );
  });

  it("POST /access-tokens — defaults to * on all websites, raw key once, stored as a hash, one audit event", async () => {
    const user = await newUser("creator");
    const created = await api("POST", "/admin/access-tokens", {
      token: user.token,
      headers: { "user-agent": UA },
    });
    expect(created.status).toBe(200);
    expect(created.data).toHaveLength(1);
    const token = created.data[0] as Record<string, unknown>;
    expect(Object.keys(token).sort()).toEqual([...TOKEN_FIELDS, "key"].sort());
    expect(token).toMatchObject({ name: null, scope: "user", permissions: ["*"], websiteIds: [], lastUsedAt: null });
    const raw = token.key as string;
    expect(raw).toMatch(/^dft_[0-9A-Za-z]{36}$/);
    expect(token.displayKey).toBe(`${raw.slice(0, 8)}...${raw.slice(-4)}`);

    const row = await (await db()).accessToken.findUniqueOrThrow({ where: { id: token._id as string } });
    expect(row).toMatchObject({ userId: user.id, keyHash: sha256(raw), permissions: ["*"], websiteIds: [] });
    expect(row.revokedAt).toBeNull();
    expect(JSON.stringify(row)).not.toContain(raw);
    expect((await api("GET", "/admin/account", { token: raw })).status).toBe(200);

    const events = await (await db()).auditEvent.findMany({
      where: { action: "access_token.created", targetId: token._id as string },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: "accessToken",
      actorId: await tokenId(user.token),
      userId: user.id,
      targetType: "accessToken",
      websiteId: null,
      userAgent: UA,
    });
    expect(events[0]?.ip).toMatch(LOOPBACK);
  });

  it("DELETE /access-tokens/{id} — own token: message, then 401; a second delete 404; one audit event", async () => {
    const user = await newUser("deleter");
    const mine = (await api("POST", "/admin/access-tokens", { token: user.token })).data[0] as {
      _id: string;
      key: string;
    };
    expect((await api("GET", "/admin/account", { token: mine.key })).status).toBe(200);
    const deleted = await api("DELETE", `/admin/access-tokens/${mine._id}`, {
      token: user.token,
      headers: { "user-agent": UA },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ status: "success", data: [{ message: "Access token deleted successfully" }] });
    const afterwards = await api("GET", "/admin/account", { token: mine.key });
    expect(afterwards.status).toBe(401);
    expect(afterwards.body).toEqual({ status: "error", error: { code: 401, message: "Invalid or revoked API key" } });
    const again = await api("DELETE", `/admin/access-tokens/${mine._id}`, { token: user.token });
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe("Access token not found");

    const listed = await api("GET", "/admin/access-tokens", { token: user.token });
    expect(listed.data.map((t) => t._id)).toEqual([await tokenId(user.token)]);
    const events = await (await db()).auditEvent.findMany({
      where: { action: "access_token.revoked", targetId: mine._id },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: "accessToken",
      actorId: await tokenId(user.token),
      userId: user.id,
      targetType: "accessToken",
      userAgent: UA,
    });
    expect(events[0]?.ip).toMatch(LOOPBACK);
  });

  it("DELETE /access-tokens/{id} — another user's token is 404, unchanged and still works", async () => {
    const user = await newUser("thief");
    const other = await newUser("victim");
    const theirs = (await api("POST", "/admin/access-tokens", { token: other.token })).data[0] as {
      _id: string;
      key: string;
    };
    const before = await tokenRows(other.id);
    const response = await api("DELETE", `/admin/access-tokens/${theirs._id}`, { token: user.token });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ status: "error", error: { code: 404, message: "Access token not found" } });
    expect(await tokenRows(other.id)).toEqual(before);
    expect(
      await (await db()).auditEvent.count({ where: { action: "access_token.revoked", targetId: theirs._id } }),
    ).toBe(0);
    expect((await api("GET", "/admin/account", { token: theirs.key })).status).toBe(200);
  });

  it("at most 20 tokens per account, exactly, under 25 parallel creates; refusals write nothing; revoking frees a slot", async () => {
    const user = await newUser("limit"); // newUser already issued one token
    const callerId = await tokenId(user.token);
    const responses = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        api("POST", "/admin/access-tokens", { token: user.token, body: { name: `t${i}` } }),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(19);
    expect(refused).toHaveLength(6);
    for (const response of refused) {
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ status: "error", error: { code: 400, message: LIMIT_MESSAGE } });
    }
    expect(await activeTokens(user.id)).toBe(20);
    expect(await (await db()).accessToken.count({ where: { userId: user.id } })).toBe(20);
    expect((await tokenAudits(user.id)).filter((a) => a.actorId === callerId)).toHaveLength(19);

    const victim = ok[0]?.data[0]?._id as string;
    expect((await api("DELETE", `/admin/access-tokens/${victim}`, { token: user.token })).status).toBe(200);
    expect((await api("POST", "/admin/access-tokens", { token: user.token })).status).toBe(200);
    const overflow = await api("POST", "/admin/access-tokens", { token: user.token });
    expect(overflow.status).toBe(400);
    expect(overflow.body.error.message).toBe(LIMIT_MESSAGE);
    expect(await activeTokens(user.id)).toBe(20);
    expect((await tokenAudits(user.id)).filter((a) => a.actorId === callerId)).toHaveLength(21);
  });

  it("a token never creates a token with more permissions or a wider website scope than its own (403, nothing written)", async () => {
    const user = await newUser("escalate");
    const siteA = await newWebsite(user, "a");
    const siteB = await newWebsite(user, "b");
    const narrow = await tokenFor(user.id, ["api-keys:write", "websites:read"]);
    const scoped = await tokenFor(user.id, ["*"], [siteA]);
    const before = await tokenRows(user.id);
    const auditsBefore = await tokenAudits(user.id);
    const attempts = [
      { token: narrow, body: { permissions: ["*"] }, message: /permissions you do not have/ },
      { token: narrow, body: { permissions: ["team:write"] }, message: /permissions you do not have: team:write/ },
      { token: narrow, body: { permissions: ["websites:read", "settings:write"] }, message: /settings:write/ },
      { token: narrow, body: {}, message: /permissions you do not have/ }, // the default is ["*"]
      { token: scoped, body: { websiteIds: [] }, message: /limited to some websites/ },
      { token: scoped, body: {}, message: /limited to some websites/ }, // the default is [] = all
      { token: scoped, body: { websiteIds: [siteB] }, message: new RegExp(siteB) },
      { token: scoped, body: { websiteIds: [siteA, siteB] }, message: new RegExp(siteB) },
    ];
    for (const { token, body, message } of attempts) {
      const response = await api("POST", "/admin/access-tokens", { token, body });
      expect(response.status, JSON.stringify(body)).toBe(403);
      expect(response.body.error.message).toMatch(message);
    }
    expect(await tokenRows(user.id)).toEqual(before);
    expect(await tokenAudits(user.id)).toEqual(auditsBefore);

    // Within bounds the same tokens do create.
    const subset = await api("POST", "/admin/access-tokens", {
      token: narrow,
      body: { permissions: ["websites:read"] },
    });
    expect(subset.status).toBe(200);
    const inScope = await api("POST", "/admin/access-tokens", { token: scoped, body: { websiteIds: [siteA] } });
    expect(inScope.status).toBe(200);
    expect(inScope.data[0]).toMatchObject({ permissions: ["*"], websiteIds: [siteA] });
  });

  it("a token for a website the user is not a member of is 403, even from a `*` token, existing or not", async () => {
    const user = await newUser("notmine");
    const owner = await newUser("owner");
    const own = await newWebsite(user, "own");
    const theirs = await newWebsite(owner, "theirs");
    const before = await tokenRows(user.id);
    const auditsBefore = await tokenAudits(user.id);
    for (const websiteIds of [[theirs], [own, theirs], [randomBytes(12).toString("hex")]]) {
      const response = await api("POST", "/admin/access-tokens", { token: user.token, body: { websiteIds } });
      expect(response.status, JSON.stringify(websiteIds)).toBe(403);
      expect(response.body.error.message).toMatch(/^You do not have access to website [0-9a-f]{24}$/);
    }
    expect(await tokenRows(user.id)).toEqual(before);
    expect(await tokenAudits(user.id)).toEqual(auditsBefore);
  });

  it("invalid bodies are 400 with details: unknown permission, non-ObjectId website id, unknown field", async () => {
    const user = await newUser("invalid");
    const before = await tokenRows(user.id);
    for (const [body, path] of [
      [{ permissions: ["analytics:delete"] }, "permissions.0"],
      [{ websiteIds: ["nope"] }, "websiteIds.0"],
      [{ scope: "admin" }, "(body)"],
    ] as const) {
      const response = await api("POST", "/admin/access-tokens", { token: user.token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.status).toBe("error");
      expect(response.body.error.code).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await tokenRows(user.id)).toEqual(before);
  });

  it("a df_ key gets 403 on all three token routes, and nothing changes", async () => {
    const user = await newUser("dfkey");
    const site = await newWebsite(user);
    const { key } = await newApiKey(user, site);
    const target = await tokenId(user.token);
    const before = await tokenRows(user.id);
    for (const [method, path] of [
      ["GET", "/admin/access-tokens"],
      ["POST", "/admin/access-tokens"],
      ["DELETE", `/admin/access-tokens/${target}`],
    ] as const) {
      const response = await api(method, path, { token: key, body: method === "POST" ? {} : undefined });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body).toEqual({ status: "error", error: { code: 403, message: WEBSITE_KEY_DENIED } });
    }
    expect(await tokenRows(user.id)).toEqual(before);
    expect((await api("GET", "/admin/account", { token: user.token })).status).toBe(200);
  });

  it("a token without api-keys:read gets 403 on the list; without api-keys:write on create and delete", async () => {
    const user = await newUser("reader");
    const reader = await tokenFor(user.id, ["websites:read"]);
    const list = await api("GET", "/admin/access-tokens", { token: reader });
    expect(list.status).toBe(403);
    expect(list.body.error.message).toBe("Missing permission: api-keys:read");

    const readOnly = await tokenFor(user.id, ["api-keys:read"]);
    expect((await api("GET", "/admin/access-tokens", { token: readOnly })).status).toBe(200);
    const before = await tokenRows(user.id);
    const create = await api("POST", "/admin/access-tokens", {
      token: readOnly,
      body: { permissions: ["api-keys:read"] },
    });
    const remove = await api("DELETE", `/admin/access-tokens/${await tokenId(reader)}`, { token: readOnly });
    for (const response of [create, remove]) {
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe("Missing permission: api-keys:write");
    }
    expect(await tokenRows(user.id)).toEqual(before);
  });

  it("demoting an owner to viewer shrinks the same `*` token at once (403 on create, list still works); promoting restores it", async () => {
    const user = await newUser("demoted");
    const site = await newWebsite(user, "demote"); // user is owner
    const token = user.token;
    expect((await api("POST", `/admin/websites/${site}/apikeys`, { token, body: { name: "as owner" } })).status).toBe(
      200,
    );

    await addMember(site, user, "viewer");
    const before = await keyRows(site);
    const denied = await api("POST", `/admin/websites/${site}/apikeys`, { token, body: { name: "as viewer" } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe("Missing permission: api-keys:write");
    expect(await keyRows(site)).toEqual(before);
    const listed = await api("GET", `/admin/websites/${site}/apikeys`, { token });
    expect(listed.status).toBe(200);
    expect(listed.data.map((k) => k.name)).toEqual(["as owner"]);

    await addMember(site, user, "owner");
    const again = await api("POST", `/admin/websites/${site}/apikeys`, { token, body: { name: "owner again" } });
    expect(again.status).toBe(200);
    expect((await keyRows(site)).map((k) => k.name).sort()).toEqual(["as owner", "owner again"]);
  });

  it("a token scoped to website A gets 403 on website B, though its user owns B, and B is unchanged", async () => {
    const user = await newUser("scoped");
    const siteA = await newWebsite(user, "a");
    const siteB = await newWebsite(user, "b");
    const scoped = await tokenFor(user.id, ["*"], [siteA]);
    expect((await api("GET", `/admin/websites/${siteA}/apikeys`, { token: scoped })).status).toBe(200);
    expect((await api("POST", `/admin/websites/${siteA}/apikeys`, { token: scoped })).status).toBe(200);
    const before = await keyRows(siteB);
    for (const method of ["GET", "POST"] as const) {
      const response = await api(method, `/admin/websites/${siteB}/apikeys`, { token: scoped });
      expect(response.status, method).toBe(403);
      expect(response.body).toEqual({
        status: "error",
        error: { code: 403, message: "You do not have access to this website" },
      });
    }
    expect(await keyRows(siteB)).toEqual(before);
  });
});
