// The dashboard's tRPC procedures through a server-side caller, on the same database and policy
// engine as REST: same answers for the same user, and mutations only from our own origin.
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { env } from "../src/env";
import { addMember, api, db, newUser, newWebsite } from "./helpers";
import { callerFor, refusal } from "./trpc-caller";

describe("tRPC procedures", () => {
  it("an owner creates, rolls and revokes a key; the raw key only comes back from create and roll", async () => {
    const owner = await newUser("trpc-owner");
    const websiteId = await newWebsite(owner);
    const caller = callerFor(owner.id);
    const created = await caller.apiKeys.create({ websiteId, name: "From dashboard" });
    expect(created.key).toMatch(/^df_/);
    const listed = await caller.apiKeys.list({ websiteId });
    expect(listed.limit).toBe(10);
    expect(listed.keys.map((k) => [k._id, "key" in k])).toEqual([[created._id, false]]);
    const rolled = await caller.apiKeys.roll({ websiteId, apiKeyId: created._id });
    expect(rolled.key).not.toBe(created.key);
    expect((await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: created.key })).status).toBe(401);
    await caller.apiKeys.revoke({ websiteId, apiKeyId: created._id });
    expect((await caller.apiKeys.list({ websiteId })).keys).toEqual([]);
    const actor = await (await db()).auditEvent.findFirstOrThrow({
      where: { action: "api_key.revoked", targetId: created._id },
    });
    expect(actor).toMatchObject({ actorType: "session", userId: owner.id, userAgent: "trpc-test" });
  });

  it("a viewer reads but is refused writes with the same message as REST, and nothing changes", async () => {
    const owner = await newUser("trpc-owner2");
    const viewer = await newUser("trpc-viewer");
    const websiteId = await newWebsite(owner);
    await addMember(websiteId, viewer, "viewer");
    const caller = callerFor(viewer.id);
    const website = await caller.websites.get({ websiteId });
    expect(website.role).toBe("viewer");
    expect(website.permissions).not.toContain("api-keys:write");
    expect(website.permissions).toContain("api-keys:read");
    const before = await (await db()).websiteApiKey.count({ where: { websiteId } });
    const error = await refusal(caller.apiKeys.create({ websiteId }));
    expect(error.code).toBe("FORBIDDEN");
    const rest = await api("POST", `/admin/websites/${websiteId}/apikeys`, { token: viewer.token });
    expect(rest.status).toBe(403);
    expect(error.message).toBe(rest.body.error.message);
    expect(await (await db()).websiteApiKey.count({ where: { websiteId } })).toBe(before);
  });

  it("a non-member is refused a website's data; a signed-out caller is refused everything", async () => {
    const owner = await newUser("trpc-owner3");
    const stranger = await newUser("trpc-stranger");
    const websiteId = await newWebsite(owner);
    expect((await refusal(callerFor(stranger.id).team.list({ websiteId }))).code).toBe("FORBIDDEN");
    expect((await refusal(callerFor(null).websites.list())).code).toBe("UNAUTHORIZED");
    const members = await callerFor(owner.id).team.list({ websiteId });
    expect(members.map((m) => [m.userId, m.role])).toEqual([[owner.id, "owner"]]);
  });

  it("mutations from another origin (scheme, host or port) or with no Origin are refused; queries are not", async () => {
    const user = await newUser("trpc-csrf");
    for (const origin of ["http://evil.example", "https://keygate.test", "http://keygate.test:444", null]) {
      const error = await refusal(
        callerFor(user.id, origin).websites.create({ domain: "csrf.example.com", timezone: "UTC" }),
      );
      expect(error.code).toBe("FORBIDDEN");
    }
    expect(await (await db()).website.count({ where: { domain: "csrf.example.com" } })).toBe(0);
    expect(await callerFor(user.id, null).websites.list()).toEqual([]);
  });

  it("tokens from the dashboard: presets of permissions, website scope checked like REST", async () => {
    const user = await newUser("trpc-tokens");
    const other = await newUser("trpc-other");
    const mine = await newWebsite(user);
    const theirs = await newWebsite(other);
    const caller = callerFor(user.id);
    const token = await caller.accessTokens.create({
      name: "agent",
      permissions: ["analytics:read", "websites:read"],
      websiteIds: [mine],
    });
    expect(token.key).toMatch(/^dft_/);
    expect((await refusal(caller.accessTokens.create({ permissions: ["*"], websiteIds: [theirs] }))).code).toBe(
      "FORBIDDEN",
    );
    const { tokens } = await caller.accessTokens.list();
    expect(tokens.map((t) => t.name)).toContain("agent");
    await caller.accessTokens.revoke({ tokenId: token._id });
    expect((await api("GET", "/admin/websites", { token: token.key as string })).status).toBe(401);
  });

  it("sign-up creates an unverified user with an argon2id hash; a second sign-up with the email changes nothing", async () => {
    const caller = callerFor(null);
    const email = `signup-${Date.now()}@example.com`;
    expect(await caller.account.signUp({ email, password: "long enough password" })).toEqual({ email });
    const user = await (await db()).user.findUniqueOrThrow({ where: { email } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.emailVerifiedAt).toBeNull();
    expect(await caller.account.signUp({ email, password: "another password" })).toEqual({ email });
    expect(await (await db()).user.findUniqueOrThrow({ where: { email } })).toEqual(user);
    expect((await refusal(caller.account.signUp({ email: "not-an-email", password: "x" }))).code).toBe("BAD_REQUEST");
  });

  it("sign-ups are limited per address; attempts with a taken email count too; other addresses are not held up", async () => {
    const ip = `198.51.100.${randomInt(1, 255)}`;
    const caller = callerFor(null, "http://keygate.test", ip);
    const limit = env.RATE_LIMIT_SIGN_UPS_PER_HOUR;
    const taken = `taken-${Date.now()}@example.com`;
    await caller.account.signUp({ email: taken, password: "long enough password" });
    await caller.account.signUp({ email: taken, password: "long enough password" });
    for (let n = 2; n < limit; n++) {
      await caller.account.signUp({ email: `limit-${n}-${Date.now()}@example.com`, password: "long enough password" });
    }
    const refused = await refusal(
      caller.account.signUp({ email: `over-${Date.now()}@example.com`, password: "long enough password" }),
    );
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/^Too many accounts created from this address\. Try again in \d+ minutes\.$/);
    const elsewhere = callerFor(null, "http://keygate.test", `203.0.113.${randomInt(1, 255)}`);
    await elsewhere.account.signUp({ email: `elsewhere-${Date.now()}@example.com`, password: "long enough password" });
  });
});
