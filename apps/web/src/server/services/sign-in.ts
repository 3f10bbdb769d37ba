// Password sign-in: verifies credentials with the same argon2id hashes the ops commands write,
// and refuses further tries after too many failures per account or per IP. Unknown email and
// wrong password get the same message and take the same time.
import { AppError, newObjectId } from "@keygate/core";
import { verify } from "@node-rs/argon2";
import { db } from "../db";
import { recordAudit } from "./audit";
import { hashPassword, normalizeEmail } from "./users";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;
export const INVALID_CREDENTIALS = "Incorrect email or password";
export const TOO_MANY_ATTEMPTS = "Too many failed sign-in attempts. Try again in 15 minutes.";

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

/** Returns the user on success; throws AppError (401 or 429) otherwise. */
export async function verifyCredentials({
  email,
  password,
  ip,
}: {
  email: string;
  password: string;
  ip: string | null;
}) {
  const prisma = await db();
  const normalized = normalizeEmail(email);
  const attemptId = await reserveAttempt(normalized, ip);

  const user = await prisma.user.findUnique({
    where: { email: normalized },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  dummyHash ??= hashPassword("not a real password");
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  const succeeded = Boolean(user?.passwordHash) && ok;
  if (!succeeded || !user) throw AppError.unauthorized(INVALID_CREDENTIALS);
  await prisma.$transaction(async (tx) => {
    await tx.signInAttempt.update({ where: { id: attemptId }, data: { succeeded: true } });
    await recordAudit(tx, {
      actor: { kind: "session", userId: user.id },
      origin: { ip, userAgent: null },
      action: "user.signed_in",
      target: { type: "user", id: user.id },
    });
  });
  return { id: user.id, email: user.email, name: user.name };
}
