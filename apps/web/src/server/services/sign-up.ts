// Sign-up without account enumeration: a new address gets an unverified account and a verification
// link; an address that already has an account gets a mail saying so, and nothing is created. Both
// answer the same, and both hash the password, read the address under a lock and send one mail, so
// they take about the same time.
import { newObjectId } from "@keygate/core";
import { db } from "../db";
import { sendMail } from "../mail";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";
import { existingAccountMail, issueVerification } from "./email-verification";
import { hashPassword, normalizeEmail } from "./users";

export interface SignUpInput {
  origin: RequestOrigin;
  email: string;
  password: string;
  name?: string | null;
  /** Where the links in the mail lead back to afterwards (a path on Keygate). */
  callbackUrl?: string;
}

/** Always `{ email }`: the answer never says whether the address already had an account. */
export async function signUp({ origin, email, password, name, callbackUrl }: SignUpInput): Promise<{ email: string }> {
  const normalized = normalizeEmail(email);
  const passwordHash = await hashPassword(password);
  const prisma = await db();
  const mail = await prisma.$transaction(async (tx) => {
    // Serializes sign-ups for one address, so two at once cannot both take the "new" path.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sign-up:${normalized}`}))`;
    const existing = await tx.user.findUnique({ where: { email: normalized }, select: { id: true } });
    if (existing) return existingAccountMail({ email: normalized, callbackUrl });
    const user = await tx.user.create({
      data: { id: newObjectId(), email: normalized, name: name ?? null, passwordHash, emailVerifiedAt: null },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: { kind: "session", userId: user.id },
      origin,
      action: "user.created",
      target: { type: "user", id: user.id },
      metadata: { via: "sign-up" },
    });
    return issueVerification(tx, { userId: user.id, email: normalized, callbackUrl });
  });
  await sendMail(mail);
  return { email: normalized };
}
