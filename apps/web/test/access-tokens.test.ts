// REST v1 account tokens over real HTTP: listing, limits, escalation attempts, demotion.
import { describe, expect, it } from "vitest";
import { addMember, api, db, newApiKey, newUser, newWebsite, tokenFor } from "./helpers";

const TOKEN_FIELDS = ["_id", "createdAt", "displayKey", "lastUsedAt", "name", "permissions", "scope", "websiteIds"];

async function tokenRows(userId: string) {
  return (await db()).accessToken.count({ where: { userId, revokedAt: null } });
}

describe("account tokens", () => {
  it("POST /access-tokens — defaults to * on all websites, raw key once; GET lists only the caller's tokens, masked", async () => {
    const user = await newUser("tokens");
    const stranger = await newUser("stranger");
    const created = await api("POST", "/admin/access-tokens", { token: user.token, body: { name: "CLI" } });
    expect(created.status).toBe(200);
    const [token] = created.data;
    expect(token).toMatchObject({ name: "CLI", scope: "user", permissions: ["*"], websiteIds: [], lastUsedAt: null });
    expect(token?.key).toMatch(/^dft_[0-9A-Za-z]{36}$/);
    const raw = token?.key as string;
    expect(token?.displayKey).toBe(`${raw.slice(0, 8)}...${raw.slice(-4)}`);

    const listed = await api("GET", "/admin/access-tokens", { token: user.token });
    expect(listed.status).toBe(200);
    expect(listed.data).toHaveLength(2);
    for (const item of listed.data) expect(Object.keys(item).sort()).toEqual(TOKEN_FIELDS.sort());
    expect(listed.text).not.toContain(token?.key as string);
    const strangers = await api("GET", "/admin/access-tokens", { token: stranger.token });
    expect(strangers.data.map((t) => t._id)).not.toContain(token?._id);
    expect(
      await (await db()).auditEvent.count({
        where: { action: "access_token.created", targetId: token?._id as string },
      }),
    ).toBe(1);
  });

  it("DELETE /access-tokens/{id} — own token: message, then 401; another user's token: 404 and it keeps working", async () => {
    const user = await newUser("del");
    const other = await newUser("other");
    const mine = (await api("POST", "/admin/access-tokens", { token: user.token })).data[0] as {
      _id: string;
      key: string;
    };
    const deleted = await api("DELETE", `/admin/access-tokens/${mine._id}`, { token: user.token });
    expect(deleted.body).toEqual({ status: "success", data: [{ message: "Access token deleted successfully" }] });
    expect((await api("GET", "/admin/account", { token: mine.key })).status).toBe(401);
    expect(await (await db()).auditEvent.count({ where: { action: "access_token.revoked", targetId: mine._id } })).toBe(
      1,
    );

    const theirs = (await api("POST", "/admin/access-tokens", { token: other.token })).data[0] as {
      _id: string;
      key: string;
    };
    expect((await api("DELETE", `/admin/access-tokens/${theirs._id}`, { token: user.token })).status).toBe(404);
    expect((await api("GET", "/admin/account", { token: theirs.key })).status).toBe(200);
  });

  it("at most 20 tokens per account, exactly, under 25 parallel creates", async () => {
    const user = await newUser("limit"); // already holds one token
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => api("POST", "/admin/access-tokens", { token: user.token })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(19);
    const refused = responses.filter((r) => r.status === 400);
    expect(refused).toHaveLength(6);
    expect(refused[0]?.body.error.message).toBe("Token limit reached (max 20 per account)");
    expect(await tokenRows(user.id)).toBe(20);
  });

  it("a token never creates a token with more permissions or a wider website scope than its own (403, nothing written)", async () => {
    const user = await newUser("escalate");
    const siteA = await newWebsite(user, "a");
    const siteB = await newWebsite(user, "b");
    const narrow = await tokenFor(user.id, ["api-keys:write", "websites:read"]);
    const scoped = await tokenFor(user.id, ["*"], [siteA]);
    const before = await tokenRows(user.id);
    const attempts = [
      { token: narrow, body: { permissions: ["*"] } },
      { token: narrow, body: { permissions: ["team:write"] } },
      { token: narrow, body: { permissions: ["websites:read", "settings:write"] } },
      { token: scoped, body: { websiteIds: [] } },
      { token: scoped, body: { websiteIds: [siteB] } },
      { token: scoped, body: { websiteIds: [siteA, siteB] } },
    ];
    for (const attempt of attempts) {
      const response = await api("POST", "/admin/access-tokens", attempt);
      expect(response.status, JSON.stringify(attempt.body)).toBe(403);
    }
    expect(await tokenRows(user.id)).toBe(before);
    expect(
      (await api("POST", "/admin/access-tokens", { token: narrow, body: { permissions: ["websites:read"] } })).status,
    ).toBe(200);
    expect((await api("POST", "/admin/access-tokens", { token: scoped, body: { websiteIds: [siteA] } })).status).toBe(
      200,
    );
  });

  it("a token for a website the user is not a member of is refused with 403", async () => {
    const user = await newUser("notmine");
    const owner = await newUser("owner");
    const theirs = await newWebsite(owner, "theirs");
    const before = await tokenRows(user.id);
    const response = await api("POST", "/admin/access-tokens", { token: user.token, body: { websiteIds: [theirs] } });
    expect(response.status).toBe(403);
    expect(await tokenRows(user.id)).toBe(before);
  });

  it("invalid bodies are 400 with details: unknown permission, bad website id, unknown field", async () => {
    const user = await newUser("invalid");
    for (const [body, path] of [
      [{ permissions: ["analytics:delete"] }, "permissions.0"],
      [{ websiteIds: ["nope"] }, "websiteIds.0"],
      [{ scope: "admin" }, "(body)"],
    ] as const) {
      const response = await api("POST", "/admin/access-tokens", { token: user.token, body });
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });

  it("website keys get 403 on every token route; a token without api-keys:read gets 403 on the list", async () => {
    const user = await newUser("dfkey");
    const site = await newWebsite(user);
    const { key } = await newApiKey(user, site);
    for (const [method, path] of [
      ["GET", "/admin/access-tokens"],
      ["POST", "/admin/access-tokens"],
      ["DELETE", "/admin/access-tokens/0123456789abcdef01234567"],
    ] as const) {
      const response = await api(method, path, { token: key });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain("cannot access account-level resources");
    }
    const reader = await tokenFor(user.id, ["websites:read"]);
    expect((await api("GET", "/admin/access-tokens", { token: reader })).status).toBe(403);
  });

  it("demoting the user shrinks their existing tokens at once; promoting restores them", async () => {
    const owner = await newUser("owner2");
    const user = await newUser("demoted");
    const site = await newWebsite(owner, "demote");
    await addMember(site, user, "member");
    const token = user.token; // `*`
    expect((await api("POST", `/admin/websites/${site}/apikeys`, { token })).status).toBe(200);
    await addMember(site, user, "viewer");
    const denied = await api("POST", `/admin/websites/${site}/apikeys`, { token });
    expect(denied.status).toBe(403);
    expect((await api("GET", `/admin/websites/${site}/apikeys`, { token })).status).toBe(200);
    await addMember(site, user, "member");
    expect((await api("POST", `/admin/websites/${site}/apikeys`, { token })).status).toBe(200);
  });

  it("a token scoped to website A gets 403 on website B, though its user owns B", async () => {
    const user = await newUser("scoped");
    const siteA = await newWebsite(user, "a");
    const siteB = await newWebsite(user, "b");
    const scoped = await tokenFor(user.id, ["*"], [siteA]);
    expect((await api("GET", `/admin/websites/${siteA}/apikeys`, { token: scoped })).status).toBe(200);
    const response = await api("GET", `/admin/websites/${siteB}/apikeys`, { token: scoped });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe("You do not have access to this website");
  });
});
