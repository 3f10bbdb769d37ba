// Email verification: a single-use link (its secret stored as a SHA-256 hash, valid 24 hours) that
// the account's owner opens while signed in, which proves that whoever knows the password also
// receives mail at the address. Unverified accounts may sign in, but cannot join a team or be
// linked to an OAuth sign-in.
import { AppError, newObjectId } from "@keygate/core";
import { hashKey, randomBase62 } from "@keygate/core/credentials";
import type { SessionPrincipal } from "@keygate/core/policy";
import type { Prisma } from "@keygate/db";
import { env } from "../../env";
import { safeCallback } from "../../lib/safe-callback";
import { db } from "../db";
import { sendMail } from "../mail";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";

export const VERIFICATION_TTL_MS = 24 * 3_600_000;
/** A signed-in user may ask for a new link at most this often. */
export const RESEND_INTERVAL_MS = 60_000;

export const VERIFY_EMAIL_FIRST =
  "Verify your email address first: open the link we emailed you, or send a new one from your Account page.";
export const LINK_INVALID =
  "This verification link is invalid, used or expired. Send a new one from your Account page.";
export const LINK_FOR_ANOTHER_ACCOUNT =
  "This verification link belongs to another account. Sign out, then open it again and sign in with that account.";

/** An absolute URL on Keygate's public address, for links in mail. */
export function appUrl(path: string): string {
  return `${env.AUTH_URL.replace(/\/+$/, "")}${path}`;
}

/** The path to come back to after the link, when it is not the default. */
function withCallback(path: string, callbackUrl: string | undefined): string {
  const target = safeCallback(callbackUrl);
  if (target === safeCallback(undefined)) return path;
  return `${path}${path.includes("?") ? "&" : "?"}callbackUrl=${encodeURIComponent(target)}`;
}

/**
 * Creates a new link for the user (earlier ones stop working) inside the caller's transaction and
 * returns the mail that carries it; send it after the transaction commits.
 */
export async function issueVerification(
  tx: Prisma.TransactionClient,
  { userId, email, callbackUrl }: { userId: string; email: string; callbackUrl?: string },
) {
  const secret = randomBase62(32);
  const now = new Date();
  await tx.emailVerificationToken.deleteMany({ where: { userId } });
  await tx.emailVerificationToken.create({
    data: {
      id: newObjectId(now),
      userId,
      email,
      tokenHash: hashKey(secret),
      createdAt: now,
      expiresAt: new Date(now.getTime() + VERIFICATION_TTL_MS),
    },
  });
  const link = appUrl(withCallback(`/verify-email?token=${secret}`, callbackUrl));
  return {
    to: email,
    subject: "Verify your email address for Keygate",
    text: [
      "Hello,",
      "",
      "Someone, hopefully you, created a Keygate account with this email address. To verify it, open this",
      "link within 24 hours and sign in with the password you chose:",
      "",
      link,
      "",
      "If you did not create this account, ignore this email: the account stays unverified and cannot join",
      "any team.",
    ].join("\n"),
  };
}

/** The mail sent when someone signs up with an address that already has an account. */
export function existingAccountMail({ email, callbackUrl }: { email: string; callbackUrl?: string }) {
  return {
    to: email,
    subject: "Someone tried to sign up to Keygate with your email address",
    text: [
      "Hello,",
      "",
      "Someone tried to create a Keygate account with this email address, which already has one.",
      "Nothing was changed.",
      "",
      "If it was you, sign in instead:",
      "",
      appUrl(withCallback("/signin", callbackUrl)),
      "",
      "If it was not you, you can ignore this email.",
    ].join("\n"),
  };
}

export async function verificationStatus({ principal }: { principal: SessionPrincipal }) {
  const prisma = await db();
  const user = await prisma.user.findUnique({
    where: { id: principal.userId },
    select: { email: true, emailVerifiedAt: true },
  });
  if (!user) throw AppError.notFound("Account not found");
  return { email: user.email, verified: user.emailVerifiedAt !== null };
}

/** Verifies the signed-in user's address with the link's secret; the link works once. */
export async function verifyEmail({
  principal,
  origin,
  token,
}: {
  principal: SessionPrincipal;
  origin: RequestOrigin;
  token: string;
}) {
  const prisma = await db();
  const now = new Date();
  return prisma.$transaction(async (tx) => {
    const link = await tx.emailVerificationToken.findUnique({
      where: { tokenHash: hashKey(token) },
      select: { id: true, userId: true, email: true, usedAt: true, expiresAt: true },
    });
    if (!link || link.usedAt || link.expiresAt <= now) throw AppError.notFound(LINK_INVALID);
    if (link.userId !== principal.userId) throw AppError.forbidden(LINK_FOR_ANOTHER_ACCOUNT);
    // Conditional, so two requests with the same link cannot both use it.
    const { count } = await tx.emailVerificationToken.updateMany({
      where: { id: link.id, usedAt: null },
      data: { usedAt: now },
    });
    const user = await tx.user.findUniqueOrThrow({
      where: { id: principal.userId },
      select: { email: true, emailVerifiedAt: true },
    });
    if (count === 0 || user.email !== link.email) throw AppError.notFound(LINK_INVALID);
    if (!user.emailVerifiedAt) {
      await tx.user.update({ where: { id: principal.userId }, data: { emailVerifiedAt: now } });
    }
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "user.email_verified",
      target: { type: "user", id: principal.userId },
    });
    return { email: user.email, verified: true };
  });
}

/** Sends the signed-in, unverified user a new link (at most once a minute). */
export async function resendVerification({
  principal,
  callbackUrl,
}: {
  principal: SessionPrincipal;
  callbackUrl?: string;
}) {
  const prisma = await db();
  const mail = await prisma.$transaction(async (tx) => {
    // One resend at a time per user: the interval check below cannot be raced.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`verify-email:${principal.userId}`}))`;
    const user = await tx.user.findUnique({
      where: { id: principal.userId },
      select: { email: true, emailVerifiedAt: true },
    });
    if (!user) throw AppError.notFound("Account not found");
    if (user.emailVerifiedAt) throw AppError.badRequest("Your email address is already verified");
    const recent = await tx.emailVerificationToken.count({
      where: { userId: principal.userId, createdAt: { gt: new Date(Date.now() - RESEND_INTERVAL_MS) } },
    });
    if (recent > 0) {
      throw new AppError("rate_limited", "A verification email was sent less than a minute ago. Check your inbox.");
    }
    return issueVerification(tx, { userId: principal.userId, email: user.email, callbackUrl });
  });
  await sendMail(mail);
  return { message: `Verification email sent to ${mail.to}` };
}
