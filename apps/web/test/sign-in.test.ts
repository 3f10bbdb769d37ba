// Password sign-in: one message for every failure, and a lock after repeated failures per account
// and per IP (counted in Postgres, so every instance sees the same count).

import { AppError } from "@keygate/core";
import { describe, expect, it } from "vitest";
import { INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS, verifyCredentials } from "../src/server/services/sign-in";
import { createUser } from "../src/server/services/users";
import { db, uniqueEmail } from "./helpers";

async function attempt(email: string, password: string, ip: string) {
  try {
    return { ok: true as const, user: await verifyCredentials({ email, password, ip }) };
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { ok: false as const, status: (error as AppError).status, message: (error as AppError).message };
  }
}

async function newAccount(password = "right password") {
  const email = uniqueEmail("signin");
  await createUser({ actor: { kind: "ops" }, origin: { ip: null, userAgent: null }, email, password });
  return email;
}

describe("sign-in", () => {
  it("unknown email and wrong password fail with the same status and message; the right password succeeds", async () => {
    const email = await newAccount();
    const unknown = await attempt(uniqueEmail("ghost"), "whatever", "10.1.0.1");
    const wrong = await attempt(email, "wrong password", "10.1.0.1");
    expect(unknown).toEqual({ ok: false, status: 401, message: INVALID_CREDENTIALS });
    expect(wrong).toEqual(unknown);
    const right = await attempt(email.toUpperCase(), "right password", "10.1.0.1");
    expect(right.ok).toBe(true);
    const userId = right.ok ? right.user.id : "";
    const events = await (await db()).auditEvent.findMany({ where: { userId, action: "user.signed_in" } });
    expect(events.map((e) => e.ip)).toEqual(["10.1.0.1"]);
  });

  it("5 failures lock the account for everyone, even with the right password, from any IP", async () => {
    const email = await newAccount();
    for (let i = 0; i < 5; i++) expect((await attempt(email, `wrong ${i}`, `10.2.0.${i}`)).status).toBe(401);
    expect(await attempt(email, "right password", "10.2.9.9")).toEqual({
      ok: false,
      status: 429,
      message: TOO_MANY_ATTEMPTS,
    });
  });

  it("20 failures from one IP lock that IP, across accounts; another IP still signs in", async () => {
    const emails = await Promise.all(Array.from({ length: 5 }, () => newAccount()));
    for (let i = 0; i < 20; i++) await attempt(emails[i % 5] as string, "wrong", "10.3.0.1");
    const victim = await newAccount();
    expect((await attempt(victim, "right password", "10.3.0.1")).status).toBe(429);
    expect((await attempt(victim, "right password", "10.3.0.2")).ok).toBe(true);
  });

  it("30 parallel wrong passwords for one account: exactly 5 are checked, 25 refused", async () => {
    const email = await newAccount();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempt(email, `wrong ${i}`, `10.4.${i}.1`)),
    );
    expect(results.filter((r) => !r.ok && r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.status === 429)).toHaveLength(25);
    expect(await (await db()).signInAttempt.count({ where: { email } })).toBe(5);
    expect((await attempt(email, "right password", "10.4.99.1")).status).toBe(429);
  });

  it("30 parallel attempts from one IP across accounts: at most 20 are checked", async () => {
    const ip = "10.5.0.1";
    const results = await Promise.all(Array.from({ length: 30 }, () => attempt(uniqueEmail("ghost"), "wrong", ip)));
    expect(results.filter((r) => !r.ok && r.status === 401)).toHaveLength(20);
    expect(results.filter((r) => !r.ok && r.status === 429)).toHaveLength(10);
    expect(await (await db()).signInAttempt.count({ where: { ip } })).toBe(20);
  });

  it("attempts older than a day are pruned", async () => {
    const prisma = await db();
    const old = new Date(Date.now() - 2 * 86_400_000);
    await prisma.signInAttempt.create({
      data: {
        id: "0000000000000000000000aa",
        email: "old@example.com",
        ip: "10.6.0.1",
        succeeded: false,
        createdAt: old,
      },
    });
    await attempt(await newAccount(), "wrong", "10.6.0.2");
    expect(await prisma.signInAttempt.count({ where: { createdAt: { lt: new Date(Date.now() - 86_400_000) } } })).toBe(
      0,
    );
  });
});
