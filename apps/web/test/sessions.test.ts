// Dashboard sessions end server-side: the session cookie names a row in Session, checked on every
// request, so a cookie copied before sign-out (or before "sign out everywhere", a password change,
// staff ending the sessions, idle or absolute expiry) is refused afterwards.
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { TEST_AUTH_SECRET } from "./auth-secret";
import { mutate, PASSWORD, page, query, signIn, signOut, trySignIn } from "./dashboard-http";
import { db, newUser } from "./helpers";
import { codeFor, makeStaff } from "./two-factor-helpers";

async function expectSignedIn(token: string) {
  expect((await query(token, "account.get")).status).toBe(200);
  expect(await page(token, "/account")).toEqual({ status: 200, location: null });
}

async function expectSignedOut(token: string) {
  const answer = await query(token, "account.get");
  expect(answer.status).toBe(401);
  expect(answer.code).toBe("UNAUTHORIZED");
  expect(await page(token, "/account")).toMatchObject({ location: "/signin" });
}

interface SessionItem {
  id: string;
  current: boolean;
  ip: string | null;
  userAgent: string | null;
  lastSeenAt: string;
}

async function sessionsOf(token: string): Promise<SessionItem[]> {
  const answer = await query(token, "account.sessions");
  expect(answer.status).toBe(200);
  return answer.data as SessionItem[];
}

async function currentSessionId(token: string): Promise<string> {
  const current = (await sessionsOf(token)).find((s) => s.current);
  if (!current) throw new Error("no current session");
  return current.id;
}

async function auditActions(userId: string) {
  const events = await (await db()).auditEvent.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  return events.map((e) => e.action);
}

describe("dashboard sessions", () => {
  it("a session cookie copied before sign-out is refused after sign-out (tRPC 401, pages → /signin)", async () => {
    const user = await newUser("signout");
    const token = await signIn(user.email);
    const copied = token;
    await expectSignedIn(copied);

    const response = await signOut(token);
    expect(response.status).toBe(200);
    await expectSignedOut(copied);
    const rows = await (await db()).session.findMany({ where: { userId: user.id } });
    expect(rows.map((row) => row.revokedAt)).toEqual([expect.any(Date)]);
    expect(await auditActions(user.id)).toContain("user.signed_out");
  });

  it("records each sign-in as a session with a high-entropy id, address and user agent", async () => {
    const user = await newUser("record");
    const token = await signIn(user.email);
    const rows = await (await db()).session.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row?.id).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(row?.userAgent).toBe("sessions-test/1.0");
    expect(row?.ip).toBe("127.0.0.1");
    expect(row?.revokedAt).toBeNull();
    expect(row && row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 86_400_000);
    expect(await sessionsOf(token)).toEqual([
      expect.objectContaining({ id: row?.id, current: true, userAgent: "sessions-test/1.0", ip: "127.0.0.1" }),
    ]);
  });

  it("ending one session refuses its cookie at once and leaves the others; another user's is not found", async () => {
    const user = await newUser("endone");
    const laptop = await signIn(user.email);
    const phone = await signIn(user.email);
    const sessions = await sessionsOf(laptop);
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const phoneId = await currentSessionId(phone);
    expect(sessions.find((s) => s.id === phoneId)?.current).toBe(false);

    const stranger = await signIn((await newUser("stranger")).email);
    const refused = await mutate(stranger, "account.endSession", { sessionId: phoneId });
    expect(refused.code).toBe("NOT_FOUND");
    await expectSignedIn(phone);

    expect((await mutate(laptop, "account.endSession", { sessionId: phoneId })).status).toBe(200);
    await expectSignedOut(phone);
    await expectSignedIn(laptop);
    expect((await sessionsOf(laptop)).map((s) => s.id)).not.toContain(phoneId);
    expect(await auditActions(user.id)).toContain("session.revoked");
  });

  it("sign out everywhere ends every session of the user, this one included", async () => {
    const user = await newUser("everywhere");
    const other = await newUser("bystander");
    const first = await signIn(user.email);
    const second = await signIn(user.email);
    const bystander = await signIn(other.email);

    const answer = await mutate(first, "account.endAllSessions");
    expect(answer.status).toBe(200);
    await expectSignedOut(first);
    await expectSignedOut(second);
    await expectSignedIn(bystander);
    expect(await auditActions(user.id)).toContain("session.revoked_all");
    // Signing in again works.
    await expectSignedIn(await signIn(user.email));
  });

  it("changing the password ends the other sessions and keeps this one; the old password stops working", async () => {
    const user = await newUser("password");
    const here = await signIn(user.email);
    const elsewhere = await signIn(user.email);

    const wrong = await mutate(here, "account.changePassword", {
      currentPassword: "not the password",
      newPassword: "a brand new passphrase",
    });
    expect(wrong.status).toBe(400);
    const tooShort = await mutate(here, "account.changePassword", {
      currentPassword: PASSWORD,
      newPassword: "short",
    });
    expect(tooShort.status).toBe(400);
    await expectSignedIn(elsewhere);

    const changed = await mutate(here, "account.changePassword", {
      currentPassword: PASSWORD,
      newPassword: "a brand new passphrase",
    });
    expect(changed.status).toBe(200);
    await expectSignedIn(here);
    await expectSignedOut(elsewhere);
    expect(await trySignIn(user.email, PASSWORD)).toBeNull();
    await expectSignedIn(await signIn(user.email, "a brand new passphrase"));
    expect(await auditActions(user.id)).toContain("account.password_changed");
  });

  it("staff end all of a user's sessions from the console; their own stays; audited; others get NOT_FOUND", async () => {
    const staffUser = await newUser("staff");
    const credentials = await makeStaff(staffUser.id);
    const staff = await signIn(staffUser.email, PASSWORD, { code: codeFor(credentials?.secret ?? "") });
    const user = await newUser("contained");
    const first = await signIn(user.email);
    const second = await signIn(user.email);

    expect((await mutate(first, "staff.endUserSessions", { userId: user.id })).code).toBe("NOT_FOUND");
    await expectSignedIn(first);

    const overview = await query(staff, "staff.user", { userId: user.id });
    expect(overview.data.sessions).toHaveLength(2);
    const answer = await mutate(staff, "staff.endUserSessions", { userId: user.id });
    expect(answer.status).toBe(200);
    await expectSignedOut(first);
    await expectSignedOut(second);
    await expectSignedIn(staff);
    const event = await (await db()).auditEvent.findFirst({
      where: { action: "staff.sessions_revoked", targetId: user.id },
    });
    expect(event).toMatchObject({ actorType: "staff", targetType: "user", metadata: { sessions: 2 } });
  });

  it("a session idle for longer than the idle lifetime is refused, whatever its cookie says", async () => {
    const user = await newUser("idle");
    const token = await signIn(user.email);
    await expectSignedIn(token);
    await (await db()).session.updateMany({
      where: { userId: user.id },
      data: { lastSeenAt: new Date(Date.now() - 8 * 86_400_000) },
    });
    await expectSignedOut(token);
  });

  it("a session past its absolute lifetime is refused even while in use", async () => {
    const user = await newUser("absolute");
    const token = await signIn(user.email);
    await (await db()).session.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expectSignedOut(token);
  });

  it("a validly signed token without a session id (issued before sessions were recorded) is refused", async () => {
    const user = await newUser("legacy");
    const legacy = await encode({
      token: { sub: user.id, uid: user.id, email: user.email, name: null },
      secret: TEST_AUTH_SECRET,
    });
    await expectSignedOut(legacy);
    const unknown = await encode({
      token: { sub: user.id, uid: user.id, email: user.email, sid: "x".repeat(43) },
      secret: TEST_AUTH_SECRET,
    });
    await expectSignedOut(unknown);
  });

  it("a token naming another user's session does not sign in as either", async () => {
    const owner = await newUser("owner");
    const victim = await newUser("victim");
    const token = await signIn(owner.email);
    const sid = await currentSessionId(token);
    const forged = await encode({
      token: { sub: victim.id, uid: victim.id, email: victim.email, sid },
      secret: TEST_AUTH_SECRET,
    });
    await expectSignedOut(forged);
  });

  it("lastSeenAt is refreshed once it is a few minutes old, not on every request", async () => {
    const user = await newUser("seen");
    const token = await signIn(user.email);
    const prisma = await db();
    const oneMinuteAgo = new Date(Date.now() - 60_000);
    await prisma.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: oneMinuteAgo } });
    await expectSignedIn(token);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await prisma.session.findFirst({ where: { userId: user.id } }))?.lastSeenAt).toEqual(oneMinuteAgo);

    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await prisma.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: tenMinutesAgo } });
    await expectSignedIn(token);
    let seen = tenMinutesAgo;
    for (let i = 0; i < 20 && seen.getTime() === tenMinutesAgo.getTime(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = (await prisma.session.findFirst({ where: { userId: user.id } }))?.lastSeenAt ?? seen;
    }
    expect(Date.now() - seen.getTime()).toBeLessThan(10_000);
  });
});
