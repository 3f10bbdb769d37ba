// Changing one's own password: the current one is checked like a sign-in (same argon2id hashes,
// same per-account and per-address failure limits), and every other session of the user ends, so
// whoever knew the old password or held another session's cookie is out; this session stays.
import { AppError } from "@keygate/core";
import { newPassword } from "@keygate/core/contracts";
import type { SessionPrincipal } from "@keygate/core/policy";
import { db } from "../db";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";
import { revokeSessions } from "./sessions";
import { confirmIdentity } from "./sign-in";
import { hashPassword } from "./users";

export async function changePassword({
  principal,
  origin,
  currentPassword,
  newPassword: next,
}: {
  principal: SessionPrincipal;
  origin: RequestOrigin;
  currentPassword: string;
  newPassword: string;
}): Promise<{ sessionsEnded: number }> {
  const rule = newPassword.safeParse(next);
  if (!rule.success) {
    const message = rule.error.issues[0]?.message ?? "Invalid password";
    throw AppError.badRequest(message, [{ path: "newPassword", message }]);
  }
  const prisma = await db();
  const before = await prisma.user.findUnique({ where: { id: principal.userId }, select: { passwordHash: true } });
  await confirmIdentity({ userId: principal.userId, password: currentPassword, origin });
  const passwordHash = await hashPassword(next);

  return prisma.$transaction(async (tx) => {
    // Only over the hash that was checked: of two changes at once, one wins and the other is refused.
    const { count } = await tx.user.updateMany({
      where: { id: principal.userId, passwordHash: before?.passwordHash ?? "" },
      data: { passwordHash },
    });
    if (count === 0) throw AppError.conflict("Your password was changed meanwhile. Reload the page and try again.");
    const sessionsEnded = await revokeSessions(tx, { userId: principal.userId, keep: principal.sessionId });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "account.password_changed",
      target: { type: "user", id: principal.userId },
      metadata: { sessionsEnded },
    });
    return { sessionsEnded };
  });
}
