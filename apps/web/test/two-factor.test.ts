// Two-factor sign-in (TOTP): a password alone no longer signs in, each code passes once, failed codes
// count toward the sign-in limits, setting it up and removing it need the password, and the admin
// console stays closed to staff without it.
import { AppError } from "@keygate/core";
import { describe, expect, it } from "vitest";
import { openSecret, secretKey } from "../src/server/auth/totp";
import {
  INVALID_CREDENTIALS,
  INVALID_CREDENTIALS_OR_CODE,
  TOO_MANY_ATTEMPTS,
  verifyCredentials,
} from "../src/server/services/sign-in";
import { TEST_AUTH_SECRET } from "./auth-secret";
import { page, query } from "./dashboard-http";
import { db, newUser } from "./helpers";
import { callerFor, refusal } from "./trpc-caller";
import { codeFor, enableTwoFactor, makeStaff, signInOverHttp } from "./two-factor-helpers";

const PASSWORD = "correct horse battery";

async function attempt(fields: { email: string; password: string; code?: string }, ip: string) {
  try {
    return { ok: true as const, user: await verifyCredentials({ ...fields, ip }) };
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { ok: false as const, status: (error as AppError).status, message: (error as AppError).message };
  }
}

describe("two-factor sign-in", () => {
  it("a password alone does not sign in, right or wrong, and the answer is the same for both", async () => {
    const user = await newUser("tf-password");
    await enableTwoFactor(user.id);
    const right = await signInOverHttp({ email: user.email, password: PASSWORD });
    const wrong = await signInOverHttp({ email: user.email, password: "not the password" });
    expect(right).toEqual({ session: null, error: "TwoFactorRequired" });
    expect(wrong).toEqual(right);
    // Asking for the code costs no attempt: it judged nothing.
    expect(await (await db()).signInAttempt.count({ where: { email: user.email } })).toBe(0);
  });

  it("the password with a current code signs in; the same code again is refused", async () => {
    const user = await newUser("tf-code");
    const { secret } = await enableTwoFactor(user.id);
    const code = codeFor(secret);
    const signedIn = await signInOverHttp({ email: user.email, password: PASSWORD, code });
    expect(signedIn.error).toBeNull();
    expect(signedIn.session).toBeTruthy();
    expect((await query(signedIn.session, "account.get")).data.email).toBe(user.email);

    const replay = await signInOverHttp({ email: user.email, password: PASSWORD, code });
    expect(replay).toEqual({ session: null, error: INVALID_CREDENTIALS_OR_CODE });
    const events = await (await db()).auditEvent.findMany({ where: { userId: user.id, action: "user.signed_in" } });
    expect(events.map((e) => e.metadata)).toEqual([{ secondFactor: "totp" }]);
  });

  it("a wrong password with a right code gets the same answer as a wrong code, and does not spend the code", async () => {
    const user = await newUser("tf-wrong");
    const { secret } = await enableTwoFactor(user.id);
    const code = codeFor(secret);
    expect(await signInOverHttp({ email: user.email, password: "wrong", code })).toEqual({
      session: null,
      error: INVALID_CREDENTIALS_OR_CODE,
    });
    expect((await signInOverHttp({ email: user.email, password: PASSWORD, code })).session).toBeTruthy();
  });

  it("a recovery code signs in once", async () => {
    const user = await newUser("tf-recovery");
    const { recoveryCodes } = await enableTwoFactor(user.id);
    const [code] = recoveryCodes as [string];
    const first = await signInOverHttp({ email: user.email, password: PASSWORD, code: code.toUpperCase() });
    expect(first.session).toBeTruthy();
    const again = await signInOverHttp({ email: user.email, password: PASSWORD, code });
    expect(again).toEqual({ session: null, error: INVALID_CREDENTIALS_OR_CODE });
    const left = await (await db()).recoveryCode.count({ where: { userId: user.id, usedAt: null } });
    expect(left).toBe(9);
  });

  it("failed codes count toward the account's limit: the 6th attempt is refused (429) even with the right code", async () => {
    const user = await newUser("tf-limit");
    const { secret } = await enableTwoFactor(user.id);
    for (let i = 0; i < 5; i++) {
      const wrongCode = String((Number(codeFor(secret)) + 1 + i) % 1_000_000).padStart(6, "0");
      const failed = await attempt({ email: user.email, password: PASSWORD, code: wrongCode }, `10.80.0.${i}`);
      expect(failed).toEqual({ ok: false, status: 401, message: INVALID_CREDENTIALS_OR_CODE });
    }
    const sixth = await attempt({ email: user.email, password: PASSWORD, code: codeFor(secret) }, "10.80.1.1");
    expect(sixth).toEqual({ ok: false, status: 429, message: TOO_MANY_ATTEMPTS });
  });

  it("failed codes count toward the address's limit too", async () => {
    const ip = "10.81.0.1";
    for (let i = 0; i < 20; i++) {
      const user = await newUser(`tf-ip-${i}`);
      await enableTwoFactor(user.id);
      expect((await attempt({ email: user.email, password: PASSWORD, code: "000000" }, ip)).status).toBe(401);
    }
    const victim = await newUser("tf-ip-victim");
    const { secret } = await enableTwoFactor(victim.id);
    expect((await attempt({ email: victim.email, password: PASSWORD, code: codeFor(secret) }, ip)).status).toBe(429);
  });

  it("parallel sign-ins with one code: exactly one passes", async () => {
    const user = await newUser("tf-race");
    const { secret } = await enableTwoFactor(user.id);
    const code = codeFor(secret);
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => attempt({ email: user.email, password: PASSWORD, code }, `10.82.0.${i}`)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("accounts without two-factor sign-in still sign in with the password alone", async () => {
    const user = await newUser("tf-none");
    expect((await signInOverHttp({ email: user.email, password: PASSWORD })).session).toBeTruthy();
    expect(await attempt({ email: user.email, password: "wrong" }, "10.83.0.1")).toMatchObject({
      status: 401,
      message: INVALID_CREDENTIALS,
    });
  });
});

describe("setting two-factor sign-in up and removing it", () => {
  it("set-up needs the password; the secret is stored encrypted, the recovery codes hashed; removal needs the password and a code", async () => {
    const user = await newUser("tf-setup");
    const me = callerFor(user.id, "http://keygate.test", "10.90.0.1").account.twoFactor;
    const prisma = await db();

    const refused = await refusal(me.begin({ password: "not my password" }));
    expect(refused.message).toBe("Incorrect password");
    expect(await prisma.twoFactor.findUnique({ where: { userId: user.id } })).toBeNull();

    const setup = await me.begin({ password: PASSWORD });
    const secret = setup.secret.replace(/ /g, "");
    expect(setup.uri).toBe(
      `otpauth://totp/Keygate:${encodeURIComponent(user.email)}?issuer=Keygate&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const stored = await prisma.twoFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(stored.secret).not.toContain(secret);
    expect(stored.enabledAt).toBeNull();
    expect(openSecret(stored.secret, user.id, secretKey(TEST_AUTH_SECRET))).toBe(secret);
    expect(() => openSecret(stored.secret, "0".repeat(24), secretKey(TEST_AUTH_SECRET))).toThrow();
    // Not on until a code confirms it.
    expect((await me.status()).enabled).toBe(false);
    expect((await refusal(me.enable({ code: "000000" }))).code).toBe("BAD_REQUEST");

    const { recoveryCodes } = await me.enable({ code: codeFor(secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const hashes = await prisma.recoveryCode.findMany({ where: { userId: user.id }, select: { codeHash: true } });
    expect(hashes.map((h) => h.codeHash).every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(hashes.some((h) => recoveryCodes.includes(h.codeHash))).toBe(false);
    expect(await me.status()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect((await refusal(me.begin({ password: PASSWORD }))).code).toBe("CONFLICT");

    expect((await refusal(me.disable({ password: "wrong", code: codeFor(secret, 1) }))).code).toBe("BAD_REQUEST");
    expect((await refusal(me.disable({ password: PASSWORD, code: "123456" }))).code).toBe("BAD_REQUEST");
    expect((await me.status()).enabled).toBe(true);
    await me.disable({ password: PASSWORD, code: recoveryCodes[0] as string });
    expect(await me.status()).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect(await prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await signInOverHttp({ email: user.email, password: PASSWORD })).session).toBeTruthy();

    const audit = await prisma.auditEvent.findMany({
      where: { userId: user.id, action: { startsWith: "two_factor." } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((e) => e.action)).toEqual(["two_factor.enabled", "two_factor.disabled"]);
  });
});

describe("the admin console needs two-factor sign-in", () => {
  it("staff without it are sent to the Account page by /admin and refused by every staff procedure", async () => {
    const staff = await newUser("tf-staff");
    await makeStaff(staff.id, { twoFactor: false });
    const session = (await signInOverHttp({ email: staff.email, password: PASSWORD })).session;
    expect(session).toBeTruthy();

    expect(await page(session, "/admin")).toEqual({ status: 307, location: "/account" });
    const search = await query(session, "staff.search", { query: "" });
    expect(search).toMatchObject({ status: 403, code: "FORBIDDEN" });
    const admin = callerFor(staff.id).staff;
    const refused = await refusal(admin.search({ query: "" }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain("two-factor sign-in");
    expect((await refusal(admin.user({ userId: staff.id }))).code).toBe("FORBIDDEN");

    // With it on, the same session opens the console.
    await enableTwoFactor(staff.id);
    expect((await page(session, "/admin")).status).toBe(200);
    expect((await query(session, "staff.search", { query: "" })).status).toBe(200);
  });

  it("for everyone else the console stays a 404", async () => {
    const user = await newUser("tf-nobody");
    await enableTwoFactor(user.id);
    expect((await refusal(callerFor(user.id).staff.search({ query: "" }))).code).toBe("NOT_FOUND");
  });
});
