// Two-factor sign-in for one's own account: set up after a fresh password check (the secret shown as
// a QR code and as text), switched on by a first code, with ten single-use recovery codes shown once;
// switched off with the password and a code. The secret is stored encrypted, the codes as hashes.
import { AppError, newObjectId } from "@keygate/core";
import type { SessionPrincipal } from "@keygate/core/policy";
import QRCode from "qrcode";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, sealSecret, totp } from "../auth/totp";
import { db } from "../db";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";
import { spendSecondFactor, twoFactorKey } from "./second-factor";
import { confirmIdentity } from "./sign-in";

/** A set-up not confirmed within this long starts again, with the password. */
const PENDING_TTL_MS = 15 * 60_000;

const ALREADY_ON = "Two-factor sign-in is already on";
const WRONG_CODE = "That code is not right. Check that your device's clock is set automatically, and try again.";

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}

export interface TwoFactorSetup {
  /** Base32, in groups of four, for typing into an authenticator app by hand. */
  secret: string;
  /** The otpauth:// URI the QR code holds. */
  uri: string;
  /** The QR code as an SVG data URL, drawn here (no third party sees the secret). */
  qrCode: string;
}

interface Write {
  principal: SessionPrincipal;
  origin: RequestOrigin;
}

/** Whether the user signs in with a second factor. */
export async function hasTwoFactor(userId: string): Promise<boolean> {
  const prisma = await db();
  const row = await prisma.twoFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  return Boolean(row?.enabledAt);
}

export async function twoFactorStatus({ principal }: { principal: SessionPrincipal }): Promise<TwoFactorStatus> {
  const prisma = await db();
  const [row, recoveryCodesLeft] = await Promise.all([
    prisma.twoFactor.findUnique({ where: { userId: principal.userId }, select: { enabledAt: true } }),
    prisma.recoveryCode.count({ where: { userId: principal.userId, usedAt: null } }),
  ]);
  const enabledAt = row?.enabledAt ?? null;
  return {
    enabled: enabledAt !== null,
    enabledAt: enabledAt?.toISOString() ?? null,
    recoveryCodesLeft: enabledAt ? recoveryCodesLeft : 0,
  };
}

/** Checks the password, then keeps a new secret (encrypted) until a code from it confirms the set-up. */
export async function beginTwoFactor({ principal, origin, password }: Write & { password: string }) {
  const { userId } = principal;
  if (await hasTwoFactor(userId)) throw AppError.conflict(ALREADY_ON);
  await confirmIdentity({ userId, password, origin });
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw AppError.notFound("Account not found");
  const secret = newTotpSecret();
  const sealed = sealSecret(secret, userId, twoFactorKey());
  // Only over a set-up not confirmed yet: an enabled secret is never replaced from here.
  const replaced = await prisma.twoFactor.updateMany({
    where: { userId, enabledAt: null },
    data: { secret: sealed, lastUsedStep: null, createdAt: new Date() },
  });
  if (replaced.count === 0) {
    try {
      await prisma.twoFactor.create({ data: { userId, secret: sealed } });
    } catch (error) {
      if ((error as { code?: string }).code === "P2002") throw AppError.conflict(ALREADY_ON);
      throw error;
    }
  }
  const uri = totp(secret, user.email).toString();
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  const setup: TwoFactorSetup = {
    secret: secret.match(/.{1,4}/g)?.join(" ") ?? secret,
    uri,
    qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
  return setup;
}

/** Turns two-factor sign-in on with a first code from the new secret; returns the recovery codes, once. */
export async function enableTwoFactor({ principal, origin, code }: Write & { code: string }) {
  const { userId } = principal;
  const recoveryCodes = newRecoveryCodes();
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const pending = await tx.twoFactor.findUnique({ where: { userId }, select: { enabledAt: true, createdAt: true } });
    if (pending?.enabledAt) throw AppError.conflict(ALREADY_ON);
    if (!pending || pending.createdAt.getTime() < Date.now() - PENDING_TTL_MS) {
      throw AppError.badRequest("Start the set-up again: enter your password first");
    }
    if (!(await spendSecondFactor(tx, { userId, code, pending: true }))) {
      throw AppError.badRequest(WRONG_CODE, [{ path: "code", message: WRONG_CODE }]);
    }
    const enabled = await tx.twoFactor.updateMany({
      where: { userId, enabledAt: null },
      data: { enabledAt: new Date() },
    });
    if (enabled.count !== 1) throw AppError.conflict(ALREADY_ON);
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({
      data: recoveryCodes.map((recovery) => ({ id: newObjectId(), userId, codeHash: hashRecoveryCode(recovery) })),
    });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "two_factor.enabled",
      target: { type: "user", id: userId },
      metadata: { recoveryCodes: recoveryCodes.length },
    });
  });
  return { recoveryCodes };
}

/** Turns two-factor sign-in off: the password and a code (or a recovery code), counted like sign-ins. */
export async function disableTwoFactor({
  principal,
  origin,
  password,
  code,
}: Write & { password: string; code: string }): Promise<{ enabled: false }> {
  const { userId } = principal;
  if (!(await hasTwoFactor(userId))) throw AppError.conflict("Two-factor sign-in is already off");
  const spent = await confirmIdentity({ userId, password, code, origin });
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.twoFactor.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "two_factor.disabled",
      target: { type: "user", id: userId },
      metadata: { secondFactor: spent },
    });
  });
  return { enabled: false };
}
