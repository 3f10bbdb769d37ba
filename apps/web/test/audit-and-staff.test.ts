// The audit log route, and the staff console's incident tools (revoke anything, suspend a website's keys).
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createCallerFactory } from "../src/server/trpc/init";
import { appRouter } from "../src/server/trpc/routers";
import { addMember, api, db, newApiKey, newUser, newWebsite, tokenFor } from "./helpers";
import { makeStaff } from "./two-factor-helpers";

const caller = (userId: string) =>
  createCallerFactory(appRouter)({
    principal: { kind: "session", userId },
    origin: { ip: "127.0.0.1", userAgent: "staff-test" },
    requestOrigin: "http://keygate.test",
    ownOrigin: "http://keygate.test",
    requestId: "test-request",
  });

describe("audit log", () => {
  it("pages newest first with a cursor, filters by action family and actor; viewers get 403, members and df_ keys read it", async () => {
    const owner = await newUser("owner");
    const viewer = await newUser("viewer");
    const site = await newWebsite(owner);
    await addMember(site, viewer, "viewer");
    const key = await newApiKey(owner, site, "one");
    await api("PUT", `/admin/websites/${site}/apikeys/${key._id}`, { token: owner.token });
    await api("DELETE", `/admin/websites/${site}/apikeys/${key._id}`, { token: owner.token });

    const all = await api("GET", `/admin/websites/${site}/audit-log`, { token: owner.token });
    expect(all.status).toBe(200);
    expect(all.data.map((e) => e.action)).toEqual([
      "api_key.revoked",
      "api_key.rolled",
      "api_key.created",
      "membership.set",
      "website.created",
    ]);
    expect(all.data).toHaveLength(5);
    expect(all.body.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const pageOf = await api("GET", `/admin/websites/${site}/audit-log${query}`, { token: owner.token });
      expect(pageOf.data.length).toBeLessThanOrEqual(2);
      seen.push(...pageOf.data.map((e) => e._id as string));
      cursor = pageOf.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.data.map((e) => e._id));

    const keys = await api("GET", `/admin/websites/${site}/audit-log?action=api_key.`, { token: owner.token });
    expect(keys.data.map((e) => e.action).sort()).toEqual(["api_key.created", "api_key.revoked", "api_key.rolled"]);
    const byOwner = await api("GET", `/admin/websites/${site}/audit-log?actor=${owner.id}`, { token: owner.token });
    expect(byOwner.data.every((e) => e.userId === owner.id || e.actorId === owner.id)).toBe(true);
    expect((await api("GET", `/admin/websites/${site}/audit-log?limit=500`, { token: owner.token })).status).toBe(400);

    const denied = await api("GET", `/admin/websites/${site}/audit-log`, { token: viewer.token });
    expect(denied.status).toBe(403);
    const live = await newApiKey(owner, site, "reader");
    expect((await api("GET", `/admin/websites/${site}/audit-log`, { token: live.key })).status).toBe(200);
  });
});

describe("staff console", () => {
  it("is NOT_FOUND for everyone who is not staff", async () => {
    const user = await newUser("plain");
    const error = await caller(user.id)
      .staff.search({ query: "" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
  });

  it("staff revoke any key or token, suspend and restore a website's API access; every step is audited", async () => {
    const staff = await newUser("staff");
    await makeStaff(staff.id);
    const owner = await newUser("victim");
    const site = await newWebsite(owner, "leaky");
    const leaked = await newApiKey(owner, site, "leaked");
    const other = await newApiKey(owner, site, "other");
    const admin = caller(staff.id).staff;

    const elsewhere = await newWebsite(owner, "elsewhere");
    await tokenFor(owner.id, ["*"], [elsewhere]);
    const found = await admin.search({ query: "leaky" });
    expect(found.websites.map((w) => w.id)).toContain(site);
    const overview = await admin.website({ websiteId: site });
    expect(overview.keys.map((k) => k.id).sort()).toEqual([leaked._id, other._id].sort());
    // The owner's all-websites token reaches it; one scoped to another website does not.
    const [allSites] = await (await db()).accessToken.findMany({
      where: { userId: owner.id, revokedAt: null, websiteIds: { isEmpty: true } },
    });
    expect(overview.tokens.map((t) => [t.id, t.owner])).toEqual([[allSites?.id, owner.email]]);
    expect(JSON.stringify(overview)).not.toContain(leaked.key);

    await admin.revokeApiKey({ apiKeyId: leaked._id });
    expect((await api("GET", `/admin/websites/${site}/apikeys`, { token: leaked.key })).status).toBe(401);

    await admin.setApiSuspended({ websiteId: site, suspended: true });
    const suspended = await api("GET", `/admin/websites/${site}/apikeys`, { token: other.key });
    expect(suspended.status).toBe(403);
    expect(suspended.body.error.message).toBe("API access for this website is suspended. Contact support.");
    // Account tokens are blocked on that website too (Website API and admin routes alike), not elsewhere.
    for (const path of [`/admin/websites/${site}/apikeys`, `/analytics/overview?websiteId=${site}`]) {
      const byToken = await api("GET", path, { token: owner.token });
      expect(byToken.status, path).toBe(403);
      expect(byToken.body.error.message).toBe("API access for this website is suspended. Contact support.");
    }
    expect((await api("GET", `/admin/websites/${elsewhere}/apikeys`, { token: owner.token })).status).toBe(200);
    expect((await api("GET", "/admin/websites", { token: owner.token })).status).toBe(200);
    // The dashboard is not the API: the owner still manages the website there.
    expect((await caller(owner.id).apiKeys.list({ websiteId: site })).keys.length).toBeGreaterThan(0);
    await admin.setApiSuspended({ websiteId: site, suspended: false });
    expect((await api("GET", `/admin/websites/${site}/apikeys`, { token: other.key })).status).toBe(200);
    expect((await api("GET", `/admin/websites/${site}/apikeys`, { token: owner.token })).status).toBe(200);

    const userView = await admin.user({ userId: owner.id });
    const tokenId = userView.accessTokens[0]?.id as string;
    await admin.revokeAccessToken({ tokenId });
    expect((await api("GET", "/admin/account", { token: owner.token })).status).toBe(401);

    const events = await (await db()).auditEvent.findMany({
      where: { actorType: "staff", actorId: staff.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.action)).toEqual([
      "staff.website_viewed",
      "staff.api_key_revoked",
      "website.api_suspended",
      "website.api_restored",
      "staff.user_viewed",
      "staff.access_token_revoked",
    ]);
  });

  it("staff reads are audited too: one event per view of a website, a user or an audit log", async () => {
    const staff = await newUser("staff-reader");
    await makeStaff(staff.id);
    const owner = await newUser("watched");
    const site = await newWebsite(owner, "watched");
    const admin = caller(staff.id).staff;
    await admin.website({ websiteId: site });
    await admin.website({ websiteId: site }); // a refetch of the same page is not a new view
    await admin.auditLog({ websiteId: site });
    await admin.user({ userId: owner.id });
    const events = await (await db()).auditEvent.findMany({
      where: { actorType: "staff", actorId: staff.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.websiteId])).toEqual([
      ["staff.website_viewed", "website", site, site],
      ["staff.audit_log_viewed", "website", site, site],
      ["staff.user_viewed", "user", owner.id, null],
    ]);
    expect(events.every((e) => e.ip === "127.0.0.1")).toBe(true);
  });
});
