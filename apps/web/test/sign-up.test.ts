// Sign-up tells nobody whether an address has an account, and an address counts as the user's only
// once they open the mailed link while signed in: before that the account cannot join a team or be
// reached through an OAuth sign-in with the same email.
import { AppError } from "@keygate/core";
import { hashKey } from "@keygate/core/credentials";
import { describe, expect, it } from "vitest";
import { LINK_FOR_ANOTHER_ACCOUNT, LINK_INVALID, VERIFY_EMAIL_FIRST } from "../src/server/services/email-verification";
import { signUp } from "../src/server/services/sign-up";
import { findOrCreateOAuthUser, OAUTH_UNVERIFIED_ACCOUNT } from "../src/server/services/users";
import { api, baseUrl, db, newUser, newWebsite, uniqueEmail } from "./helpers";
import { callerFor, refusal } from "./trpc-caller";

const PASSWORD = "correct horse battery";
const ORIGIN = { ip: "192.0.2.10", userAgent: "sign-up test" };

/** The sign-up form's request, as the browser sends it. */
async function signUpOverHttp(input: { email: string; password: string; name?: string }) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/trpc/account.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify(input),
  });
  return { status: response.status, text: await response.text(), ms: performance.now() - started };
}

async function mailsTo(email: string) {
  return (await db()).mailMessage.findMany({ where: { to: email }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** The secret of the newest verification link mailed to `email`. */
async function linkTokenFor(email: string): Promise<string> {
  const mails = await mailsTo(email);
  const text = mails.at(-1)?.text ?? "";
  const token = text.match(/\/verify-email\?token=([0-9A-Za-z]+)/)?.[1];
  if (!token) throw new Error(`no verification link mailed to ${email}`);
  return token;
}

/** A signed-up (unverified) user, through the same service the form calls. */
async function unverifiedUser(label: string) {
  const email = uniqueEmail(label);
  await signUp({ origin: ORIGIN, email, password: PASSWORD });
  const user = await (await db()).user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return { id: user.id, email };
}

describe("sign-up", () => {
  it("an address that has an account gets exactly the answer a new one gets; nothing is created and the owner is mailed", async () => {
    const email = uniqueEmail("signup-twice");
    const fresh = await signUpOverHttp({ email, password: PASSWORD, name: "First" });
    expect(fresh.status).toBe(200);
    const prisma = await db();
    const created = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(created.emailVerifiedAt).toBeNull();
    const tokens = await prisma.emailVerificationToken.findMany({ where: { userId: created.id } });
    expect(tokens).toHaveLength(1);

    const again = await signUpOverHttp({ email: email.toUpperCase(), password: "a different password", name: "X" });
    expect(again.status).toBe(fresh.status);
    expect(again.text).toBe(fresh.text);
    expect(await prisma.user.findMany({ where: { email } })).toEqual([created]);
    expect(await prisma.emailVerificationToken.findMany({ where: { userId: created.id } })).toEqual(tokens);

    const mails = await mailsTo(email);
    expect(mails.map((m) => m.subject)).toEqual([
      "Verify your email address for Keygate",
      "Someone tried to sign up to Keygate with your email address",
    ]);
    expect(mails[1]?.text).toContain(`${baseUrl}/signin`);
    expect(mails[1]?.text).not.toContain("verify-email");

    // The same for an account made by an admin (verified): the answer only echoes the address.
    const admin = await newUser("signup-admin-made");
    const other = uniqueEmail("signup-fresh");
    const forAdmin = await signUpOverHttp({ email: admin.email, password: PASSWORD });
    const forFresh = await signUpOverHttp({ email: other, password: PASSWORD });
    expect(forAdmin.status).toBe(forFresh.status);
    expect(forAdmin.text.replace(admin.email, "<email>")).toBe(forFresh.text.replace(other, "<email>"));
    expect((await mailsTo(admin.email)).map((m) => m.subject)).toEqual([
      "Someone tried to sign up to Keygate with your email address",
    ]);
  });

  it("a taken address is answered about as slowly as a new one: the password is hashed either way", async () => {
    await signUpOverHttp({ email: uniqueEmail("signup-warm-up"), password: PASSWORD });
    const fresh: number[] = [];
    const taken: number[] = [];
    for (let i = 0; i < 3; i++) {
      const email = uniqueEmail("signup-timing");
      fresh.push((await signUpOverHttp({ email, password: PASSWORD })).ms);
      taken.push((await signUpOverHttp({ email, password: PASSWORD })).ms);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] as number;
    // A path that skipped the hash would answer in a few milliseconds, an argon2id hash takes tens.
    expect(median(taken)).toBeGreaterThan(median(fresh) / 2);
  });

  it("the link's secret is stored hashed, lasts 24 hours, and the mail's link leads to /verify-email", async () => {
    const user = await unverifiedUser("signup-link");
    const token = await linkTokenFor(user.email);
    const [mail] = await mailsTo(user.email);
    expect(mail?.text).toContain(`/verify-email?token=${token}`);
    const stored = await (await db()).emailVerificationToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).toBe(hashKey(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const ttl = stored.expiresAt.getTime() - stored.createdAt.getTime();
    expect(ttl).toBe(24 * 3_600_000);
  });

  it("the link verifies once, only for its own account; used and expired links are refused", async () => {
    const user = await unverifiedUser("verify");
    const token = await linkTokenFor(user.email);
    const prisma = await db();

    const intruder = await unverifiedUser("verify-intruder");
    const wrongAccount = await refusal(callerFor(intruder.id).emailVerification.verify({ token }));
    expect([wrongAccount.code, wrongAccount.message]).toEqual(["FORBIDDEN", LINK_FOR_ANOTHER_ACCOUNT]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: intruder.id } })).emailVerifiedAt).toBeNull();

    const caller = callerFor(user.id);
    expect(await caller.emailVerification.status()).toEqual({ email: user.email, verified: false });
    expect(await caller.emailVerification.verify({ token })).toEqual({ email: user.email, verified: true });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeInstanceOf(Date);
    expect(await caller.emailVerification.status()).toEqual({ email: user.email, verified: true });
    const used = await refusal(caller.emailVerification.verify({ token }));
    expect([used.code, used.message]).toEqual(["NOT_FOUND", LINK_INVALID]);
    const events = await prisma.auditEvent.findMany({ where: { userId: user.id, action: "user.email_verified" } });
    expect(events).toHaveLength(1);

    const late = await unverifiedUser("verify-late");
    const lateToken = await linkTokenFor(late.email);
    await prisma.emailVerificationToken.updateMany({
      where: { userId: late.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await refusal(callerFor(late.id).emailVerification.verify({ token: lateToken }));
    expect([expired.code, expired.message]).toEqual(["NOT_FOUND", LINK_INVALID]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: late.id } })).emailVerifiedAt).toBeNull();
    const forged = await refusal(callerFor(late.id).emailVerification.verify({ token: "0".repeat(32) }));
    expect(forged.code).toBe("NOT_FOUND");
  });

  it("10 parallel uses of one link: exactly one verifies", async () => {
    const user = await unverifiedUser("verify-race");
    const token = await linkTokenFor(user.email);
    const caller = callerFor(user.id);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => caller.emailVerification.verify({ token })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const events = await (await db()).auditEvent.count({ where: { userId: user.id, action: "user.email_verified" } });
    expect(events).toBe(1);
  });

  it("resend: at most once a minute, the old link stops working, and never for a verified address", async () => {
    const user = await unverifiedUser("resend");
    const first = await linkTokenFor(user.email);
    const caller = callerFor(user.id);
    expect((await refusal(caller.emailVerification.resend())).code).toBe("TOO_MANY_REQUESTS");
    const prisma = await db();
    await prisma.emailVerificationToken.updateMany({
      where: { userId: user.id },
      data: { createdAt: new Date(Date.now() - 61_000) },
    });
    expect(await caller.emailVerification.resend()).toEqual({ message: `Verification email sent to ${user.email}` });
    const second = await linkTokenFor(user.email);
    expect(second).not.toBe(first);
    expect((await refusal(caller.emailVerification.verify({ token: first }))).code).toBe("NOT_FOUND");
    await caller.emailVerification.verify({ token: second });
    expect((await refusal(caller.emailVerification.resend())).code).toBe("BAD_REQUEST");
  });

  it("the page behind the link does nothing for a visitor who is not signed in: it asks them to sign in", async () => {
    const user = await unverifiedUser("verify-page");
    const token = await linkTokenFor(user.email);
    const response = await fetch(`${baseUrl}/verify-email?token=${token}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Sign in to verify");
    const stored = await (await db()).emailVerificationToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.usedAt).toBeNull();
  });
});

describe("what an unverified account cannot do", () => {
  it("accept an invitation to its address: 403 until verified, then it joins", async () => {
    const owner = await newUser("verify-owner");
    const site = await newWebsite(owner);
    const invitee = await unverifiedUser("verify-invitee");
    const invited = await api("POST", `/admin/websites/${site}/team`, {
      token: owner.token,
      body: { email: invitee.email, role: "member" },
    });
    const secret = String(invited.data[0]?.inviteUrl).split("/invite/")[1] as string;
    const caller = callerFor(invitee.id);

    const refused = await refusal(caller.team.accept({ secret }));
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", VERIFY_EMAIL_FIRST]);
    expect(refused.message).toMatch(/^Verify your email address first/);
    const prisma = await db();
    expect(await prisma.membership.count({ where: { websiteId: site, userId: invitee.id } })).toBe(0);
    expect((await prisma.invitation.findFirstOrThrow({ where: { websiteId: site } })).acceptedAt).toBeNull();

    await caller.emailVerification.verify({ token: await linkTokenFor(invitee.email) });
    expect(await caller.team.accept({ secret })).toEqual({ websiteId: site, role: "member" });
  });

  it("be signed into through OAuth with the same email; a verified account can, a new email gets a verified account", async () => {
    const pending = await unverifiedUser("oauth-pending");
    const refused = await findOrCreateOAuthUser({ email: pending.email.toUpperCase(), name: "Mallory" }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect([(refused as AppError).status, (refused as AppError).message]).toEqual([403, OAUTH_UNVERIFIED_ACCOUNT]);
    const prisma = await db();
    expect(await prisma.user.count({ where: { email: pending.email } })).toBe(1);

    await callerFor(pending.id).emailVerification.verify({ token: await linkTokenFor(pending.email) });
    expect(await findOrCreateOAuthUser({ email: pending.email, name: null })).toEqual({
      id: pending.id,
      email: pending.email,
    });

    const fresh = uniqueEmail("oauth-new");
    const created = await findOrCreateOAuthUser({ email: fresh, name: "New" });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordHash).toBeNull();
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("accounts made by the ops commands start verified", async () => {
    const made = await newUser("ops-made");
    const row = await (await db()).user.findUniqueOrThrow({ where: { id: made.id } });
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
  });
});
