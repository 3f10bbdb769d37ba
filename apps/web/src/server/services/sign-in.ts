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
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
  const [byAccount, byIp] = await Promise.all([
    prisma.signInAttempt.count({ where: { email: normalized, succeeded: false, createdAt: { gte: since } } }),
    ip ? prisma.signInAttempt.count({ where: { ip, succeeded: false, createdAt: { gte: since } } }) : 0,
  ]);
  if (byAccount >= MAX_FAILURES_PER_ACCOUNT || byIp >= MAX_FAILURES_PER_IP) {
    throw new AppError("rate_limited", TOO_MANY_ATTEMPTS);
  }

  const user = await prisma.user.findUnique({
    where: { email: normalized },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  dummyHash ??= hashPassword("not a real password");
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  const succeeded = Boolean(user?.passwordHash) && ok;
  await prisma.signInAttempt.create({ data: { id: newObjectId(), email: normalized, ip, succeeded } });
  if (!succeeded || !user) throw AppError.unauthorized(INVALID_CREDENTIALS);
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      actor: { kind: "session", userId: user.id },
      origin: { ip, userAgent: null },
      action: "user.signed_in",
      target: { type: "user", id: user.id },
    }),
  );
  return { id: user.id, email: user.email, name: user.name };
}
