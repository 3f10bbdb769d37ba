// Checks a second factor — a code from the authenticator app or a recovery code — and spends it, so
// the same code never passes twice (not even two requests at once).
import type { Prisma } from "@keygate/db";
import { env } from "../../env";
import { hashRecoveryCode, isTotpCode, matchTotp, openSecret, secretKey } from "../auth/totp";

export type SecondFactor = "totp" | "recovery_code";

let key: Buffer | undefined;

/** The key TOTP secrets are sealed with, derived once from AUTH_SECRET. */
export function twoFactorKey(): Buffer {
  key ??= secretKey(env.AUTH_SECRET);
  return key;
}

/**
 * Spends `code` for the user, inside the caller's transaction: a TOTP code whose time step is newer
 * than the last one accepted, or an unused recovery code. Returns which, or null when it does not pass.
 * `pending` checks the secret of a set-up not confirmed yet instead of the enabled one.
 */
export async function spendSecondFactor(
  tx: Prisma.TransactionClient,
  { userId, code, pending = false }: { userId: string; code: string; pending?: boolean },
): Promise<SecondFactor | null> {
  const twoFactor = await tx.twoFactor.findUnique({
    where: { userId },
    select: { secret: true, enabledAt: true },
  });
  if (!twoFactor || (twoFactor.enabledAt === null) !== pending) return null;
  if (isTotpCode(code)) {
    const step = matchTotp(openSecret(twoFactor.secret, userId, twoFactorKey()), code);
    if (step === null) return null;
    // Conditional on the stored step: of two requests with one code, only one changes the row.
    const spent = await tx.twoFactor.updateMany({
      where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
      data: { lastUsedStep: step },
    });
    return spent.count === 1 ? "totp" : null;
  }
  if (pending) return null;
  const spent = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return spent.count === 1 ? "recovery_code" : null;
}
