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
});
