// Password sign-in: verifies credentials with the same argon2id hashes the ops commands write,
// and refuses further tries after too many failures per account or per IP. Unknown email and
// wrong password get the same message and take the same time. With two-factor sign-in, the
// password is judged only together with a code, and a failed code counts as a failed attempt.
import { AppError, newObjectId } from "@keygate/core";
import { verify } from "@node-rs/argon2";
import { db } from "../db";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";
import { type SecondFactor, spendSecondFactor } from "./second-factor";
import { hashPassword, normalizeEmail } from "./users";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;
export const INVALID_CREDENTIALS = "Incorrect email or password";
export const TOO_MANY_ATTEMPTS = "Too many failed sign-in attempts. Try again in 15 minutes.";
/** The answer to a password without a code, for an account with two-factor sign-in: right or wrong alike. */
export const TWO_FACTOR_REQUIRED = "Enter the code from your authenticator app";
/** What the sign-in form receives for TWO_FACTOR_REQUIRED: it then asks for the code. */
export const TWO_FACTOR_REQUIRED_ERROR = "TwoFactorRequired";
export const INVALID_CREDENTIALS_OR_CODE = "Incorrect email, password or code";
export const OAUTH_TWO_FACTOR = "This account uses two-factor sign-in: sign in with your email, password and code.";
export const INCORRECT_PASSWORD = "Incorrect password";
export const INCORRECT_PASSWORD_OR_CODE = "Incorrect password or code";

let dummyHash: Promise<string> | undefined;

/** Attempts older than this are deleted; the limits only look back SIGN_IN_WINDOW_MS. */
const KEEP_ATTEMPTS_MS = 24 * 3_600_000;

/**
 * Reserves one password check for the account and the IP, or refuses (429). The count and the
 * reservation happen under advisory locks on both, so parallel requests cannot all pass the count:
 * a reserved attempt counts as a failure until it succeeds. Returns the reservation's id.
 */
async function reserveAttempt(email: string, ip: string | null): Promise<string> {
  const prisma = await db();
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
  const id = newObjectId();
  const allowed = await prisma.$transaction(async (tx) => {
    // Always email first, then IP: one order, so two requests never wait on each other in a cycle.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sign-in:email:${email}`}))`;
    if (ip) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sign-in:ip:${ip}`}))`;
    const [byAccount, byIp] = await Promise.all([
      tx.signInAttempt.count({ where: { email, succeeded: false, createdAt: { gte: since } } }),
      ip ? tx.signInAttempt.count({ where: { ip, succeeded: false, createdAt: { gte: since } } }) : 0,
    ]);
    if (byAccount >= MAX_FAILURES_PER_ACCOUNT || byIp >= MAX_FAILURES_PER_IP) return false;
    await tx.signInAttempt.create({ data: { id, email, ip, succeeded: false } });
    return true;
  });
  if (!allowed) throw new AppError("rate_limited", TOO_MANY_ATTEMPTS);
  await prisma.signInAttempt.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - KEEP_ATTEMPTS_MS) } } });
  return id;
}

async function passwordMatches(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword("not a real password");
  // Without a hash, a dummy one is checked anyway, so the answer takes the same time.
  const ok = await verify(passwordHash ?? (await dummyHash), password).catch(() => false);
  return Boolean(passwordHash) && ok;
}

/**
 * Returns the user on success; throws AppError (401 or 429) otherwise. For an account with
 * two-factor sign-in, `code` (from the authenticator app, or a recovery code) is needed as well.
 */
export async function verifyCredentials({
  email,
  password,
  code,
  ip,
}: {
  email: string;
  password: string;
  code?: string;
  ip: string | null;
}) {
  const prisma = await db();
  const normalized = normalizeEmail(email);
  const attemptId = await reserveAttempt(normalized, ip);

  const user = await prisma.user.findUnique({
    where: { email: normalized },
    select: { id: true, email: true, name: true, passwordHash: true, twoFactor: { select: { enabledAt: true } } },
  });
  const twoFactor = Boolean(user?.twoFactor?.enabledAt);
  if (twoFactor && !code) {
    // The password is not even checked: this answer cannot tell whether it was right, and costs no attempt.
    await prisma.signInAttempt.delete({ where: { id: attemptId } });
    throw AppError.unauthorized(TWO_FACTOR_REQUIRED);
  }
  const failure = AppError.unauthorized(code ? INVALID_CREDENTIALS_OR_CODE : INVALID_CREDENTIALS);
  if (!(await passwordMatches(user?.passwordHash, password)) || !user) throw failure;
  // A failed code leaves the reserved attempt as a failure, like a wrong password.
  const method = await prisma.$transaction(async (tx) => {
    const spent = twoFactor && code ? await spendSecondFactor(tx, { userId: user.id, code }) : null;
    if (twoFactor && !spent) return null;
    await tx.signInAttempt.update({ where: { id: attemptId }, data: { succeeded: true } });
    await recordAudit(tx, {
      actor: { kind: "session", userId: user.id },
      origin: { ip, userAgent: null },
      action: "user.signed_in",
      target: { type: "user", id: user.id },
      metadata: spent ? { secondFactor: spent } : undefined,
    });
    return spent ?? "password";
  });
  if (!method) throw failure;
  return { id: user.id, email: user.email, name: user.name };
}

/**
 * A signed-in user proves it is still them (before changing two-factor sign-in): the password, and
 * `code` when given. Counted like sign-in attempts, so a stolen session cannot guess the password.
 * Returns which second factor was spent, if any.
 */
export async function confirmIdentity({
  userId,
  password,
  code,
  origin,
}: {
  userId: string;
  password: string;
  code?: string;
  origin: RequestOrigin;
}): Promise<SecondFactor | null> {
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw AppError.notFound("Account not found");
  if (!user.passwordHash) {
    throw AppError.badRequest("This account signs in with GitHub or Google and has no password to confirm it with");
  }
  const attemptId = await reserveAttempt(user.email, origin.ip);
  const failure =
    code === undefined
      ? AppError.badRequest(INCORRECT_PASSWORD, [{ path: "password", message: INCORRECT_PASSWORD }])
      : AppError.badRequest(INCORRECT_PASSWORD_OR_CODE);
  if (!(await passwordMatches(user.passwordHash, password))) throw failure;
  const passed = await prisma.$transaction(async (tx) => {
    const spent = code === undefined ? null : await spendSecondFactor(tx, { userId, code });
    if (code !== undefined && !spent) return { ok: false as const };
    await tx.signInAttempt.update({ where: { id: attemptId }, data: { succeeded: true } });
    return { ok: true as const, spent };
  });
  if (!passed.ok) throw failure;
  return passed.spent;
}
