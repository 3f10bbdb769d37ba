// REST v1 team routes and the invitation lifecycle.
import { describe, expect, it } from "vitest";
import { createCallerFactory } from "../src/server/trpc/init";
import { appRouter } from "../src/server/trpc/routers";
import { addMember, api, db, newApiKey, newUser, newWebsite, type TestUser } from "./helpers";

const caller = (user: TestUser) =>
  createCallerFactory(appRouter)({
    principal: { kind: "session", userId: user.id },
    origin: { ip: "127.0.0.1", userAgent: "test" },
    requestOrigin: "http://keygate.test",
    ownOrigin: "http://keygate.test",
    requestId: "test-request",
  });

const secretOf = (url: string) => url.split("/invite/")[1] as string;

describe("team", () => {
  it("GET lists members with DataFast's fields; POST invites (never an owner), 409 when member or invited", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const site = await newWebsite(owner);
    await addMember(site, member, "member");
    const listed = await api("GET", `/admin/websites/${site}/team`, { token: member.token });
    expect(listed.status).toBe(200);
    expect(listed.data.map((m) => [m.userId, m.role])).toEqual([
      [owner.id, "owner"],
      [member.id, "member"],
    ]);
    expect(Object.keys(listed.data[0] ?? {}).sort()).toEqual(["email", "image", "joinedAt", "name", "role", "userId"]);

    const invited = await api("POST", `/admin/websites/${site}/team`, {
      token: owner.token,
      body: { email: "New@Example.com", role: "member" },
    });
    expect(invited.status).toBe(200);
    expect(invited.data[0]).toMatchObject({
      email: "new@example.com",
      role: "member",
      message: "Invitation sent to new@example.com",
    });
    expect(invited.data[0]?.inviteUrl).toMatch(/\/invite\/[0-9A-Za-z]{30}$/);
    const stored = await (await db()).invitation.findUniqueOrThrow({
      where: { id: invited.data[0]?.invitationId as string },
    });
    expect(stored.tokenHash).not.toContain(secretOf(invited.data[0]?.inviteUrl as string));
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);

    expect(
      (await api("POST", `/admin/websites/${site}/team`, { token: owner.token, body: { email: "new@example.com" } }))
        .status,
    ).toBe(409);
    expect(
      (await api("POST", `/admin/websites/${site}/team`, { token: owner.token, body: { email: member.email } })).status,
    ).toBe(409);
    expect(
      (
        await api("POST", `/admin/websites/${site}/team`, {
          token: owner.token,
          body: { email: "x@example.com", role: "owner" },
        })
      ).status,
    ).toBe(400);
  });

  it("only owners invite or remove: members, viewers and df_ keys get 403 and nothing is written", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const site = await newWebsite(owner);
    await addMember(site, member, "member");
    const { key } = await newApiKey(owner, site);
    const before = await (await db()).invitation.count({ where: { websiteId: site } });
    for (const token of [member.token, key]) {
      expect(
        (await api("POST", `/admin/websites/${site}/team`, { token, body: { email: "z@example.com" } })).status,
      ).toBe(403);
      expect((await api("DELETE", `/admin/websites/${site}/team`, { token, body: { userId: owner.id } })).status).toBe(
        403,
      );
    }
    expect(await (await db()).invitation.count({ where: { websiteId: site } })).toBe(before);
    expect(await (await db()).membership.count({ where: { websiteId: site } })).toBe(2);
  });

  it("DELETE removes a member (their tokens lose the website at once); removing yourself is 400", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const site = await newWebsite(owner);
    await addMember(site, member, "member");
    expect((await api("GET", `/admin/websites/${site}/apikeys`, { token: member.token })).status).toBe(200);
    const removed = await api("DELETE", `/admin/websites/${site}/team`, {
      token: owner.token,
      body: { userId: member.id },
    });
    expect(removed.body).toEqual({ status: "success", data: [{ message: "Member removed" }] });
    expect((await api("GET", `/admin/websites/${site}/apikeys`, { token: member.token })).status).toBe(403);
    const self = await api("DELETE", `/admin/websites/${site}/team`, {
      token: owner.token,
      body: { userId: owner.id },
    });
    expect(self.status).toBe(400);
    expect(await (await db()).membership.count({ where: { websiteId: site, userId: owner.id } })).toBe(1);
  });

  it("a removed member's keys keep working unless revoked: the answer names them, revokeKeys revokes them", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const other = await newUser("other");
    const site = await newWebsite(owner);
    await addMember(site, member, "member");
    await addMember(site, other, "member");
    const theirs = await newApiKey(member, site, "their key");
    const alsoTheirs = await newApiKey(member, site, "their second key");
    const ownerKey = await newApiKey(owner, site, "owner key");
    const otherKey = await newApiKey(other, site, "other key");
    const works = async (key: { key: string }) =>
      (await api("GET", `/admin/websites/${site}/apikeys`, { token: key.key })).status;

    // A key their key made is theirs too (it records the key, not the user).
    const grandchild = await newApiKey({ ...member, token: alsoTheirs.key }, site, "made by their key");
    // The dashboard's removal: the member goes, their keys stay and are named for the prompt.
    const removed = await caller(owner).team.remove({ websiteId: site, userId: member.id });
    expect(removed.message).toBe("Member removed");
    expect(removed.keysCreated.map((key) => key._id)).toEqual([theirs._id, alsoTheirs._id, grandchild._id]);
    expect(await works(theirs)).toBe(200);
    // The prompt's answer: revoke what they created, nothing else.
    expect(await caller(owner).apiKeys.revokeCreatedBy({ websiteId: site, userId: member.id })).toEqual({ revoked: 3 });
    expect(await works(theirs)).toBe(401);
    expect(await works(alsoTheirs)).toBe(401);
    expect(await works(grandchild)).toBe(401);
    expect(await works(ownerKey)).toBe(200);
    const audit = await (await db()).auditEvent.findMany({
      where: { websiteId: site, action: "api_key.revoked" },
      select: { targetId: true, metadata: true },
    });
    expect(audit.map((event) => event.targetId).sort()).toEqual([theirs._id, alsoTheirs._id, grandchild._id].sort());
    expect(audit[0]?.metadata).toMatchObject({ reason: "creator_removed", createdById: member.id });

    // REST: revokeKeys in the same step; the message counts them; DataFast's shape otherwise.
    const rest = await api("DELETE", `/admin/websites/${site}/team`, {
      token: owner.token,
      body: { userId: other.id, revokeKeys: true },
    });
    expect(rest.body).toEqual({
      status: "success",
      data: [{ message: "Member removed; 1 website key they created revoked" }],
    });
    expect(await works(otherKey)).toBe(401);
    expect(await works(ownerKey)).toBe(200);
    const wrongType = await api("DELETE", `/admin/websites/${site}/team`, {
      token: owner.token,
      body: { userId: owner.id, revokeKeys: "yes" },
    });
    expect(wrongType.status).toBe(400);
  });

  it("an invitation is accepted once, by the invited email only, and expires", async () => {
    const owner = await newUser("owner");
    const invitee = await newUser("invitee");
    const stranger = await newUser("stranger");
    const site = await newWebsite(owner);
    const url = (
      await api("POST", `/admin/websites/${site}/team`, { token: owner.token, body: { email: invitee.email } })
    ).data[0]?.inviteUrl as string;
    await expect(caller(stranger).team.accept({ secret: secretOf(url) })).rejects.toThrow(/This invitation is for/);
    expect(await caller(invitee).team.accept({ secret: secretOf(url) })).toEqual({ websiteId: site, role: "viewer" });
    expect((await api("GET", "/admin/websites", { token: invitee.token })).data.map((w) => [w._id, w.role])).toEqual([
      [site, "viewer"],
    ]);
    await expect(caller(invitee).team.accept({ secret: secretOf(url) })).rejects.toThrow(/invalid, used or expired/);

    const late = await newUser("late");
    const lateUrl = (
      await api("POST", `/admin/websites/${site}/team`, { token: owner.token, body: { email: late.email } })
    ).data[0]?.inviteUrl as string;
    await (await db()).invitation.updateMany({
      where: { email: late.email },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(caller(late).team.accept({ secret: secretOf(lateUrl) })).rejects.toThrow(/expired/);
  });

  it("resend replaces the link; cancel kills it; owners change roles and transfer ownership; the last owner cannot leave", async () => {
    const owner = await newUser("owner");
    const invitee = await newUser("invitee");
    const site = await newWebsite(owner);
    const first = await caller(owner).team.invite({ websiteId: site, email: invitee.email, role: "member" });
    const second = await caller(owner).team.resend({ websiteId: site, invitationId: first.invitationId });
    await expect(caller(invitee).team.accept({ secret: secretOf(first.inviteUrl) })).rejects.toThrow(/invalid/);
    await caller(owner).team.cancel({ websiteId: site, invitationId: first.invitationId });
    await expect(caller(invitee).team.accept({ secret: secretOf(second.inviteUrl) })).rejects.toThrow(/invalid/);

    await addMember(site, invitee, "viewer");
    expect(
      (
        await api("PUT", `/admin/websites/${site}/team`, {
          token: owner.token,
          body: { userId: invitee.id, role: "member" },
        })
      ).status,
    ).toBe(200);
    await expect(caller(owner).team.leave({ websiteId: site })).rejects.toThrow(/needs an owner/);
    await caller(owner).team.transfer({ websiteId: site, userId: invitee.id });
    const roles = Object.fromEntries(
      (await caller(invitee).team.list({ websiteId: site })).map((m) => [m.userId, m.role]),
    );
    expect(roles).toEqual({ [owner.id]: "member", [invitee.id]: "owner" });
    await caller(owner).team.leave({ websiteId: site });
    expect((await api("GET", `/admin/websites/${site}/team`, { token: owner.token })).status).toBe(403);
    const actions = (
      await (await db()).auditEvent.findMany({ where: { websiteId: site, action: { startsWith: "team." } } })
    ).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "team.invited",
        "team.invitation_resent",
        "team.invitation_canceled",
        "team.role_changed",
        "team.ownership_transferred",
        "team.left",
      ]),
    );
  });
});
