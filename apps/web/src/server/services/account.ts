// The caller's own profile. A website key reads the profile of its website's owner, plus websiteId.
import { AppError } from "@keygate/core";
import type { Account } from "@keygate/core/contracts";
import type { Principal } from "@keygate/core/policy";
import { db } from "../db";
import type { UserPrincipal } from "./access-tokens";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";

const ACCOUNT_FIELDS = { id: true, email: true, name: true, createdAt: true } as const;

function toAccount(user: { id: string; email: string; name: string | null; createdAt: Date }): Account {
  return { _id: user.id, email: user.email, name: user.name, createdAt: user.createdAt.toISOString() };
}

export async function getAccount({ principal }: { principal: Principal }): Promise<Account> {
  const prisma = await db();
  if (principal.kind === "apiKey") {
    const owner = await prisma.membership.findFirst({
      where: { websiteId: principal.websiteId, role: "owner" },
      orderBy: { createdAt: "asc" },
      select: { user: { select: ACCOUNT_FIELDS } },
    });
    if (!owner) throw AppError.notFound("Account not found");
    return { ...toAccount(owner.user), websiteId: principal.websiteId };
  }
  const user = await prisma.user.findUnique({ where: { id: principal.userId }, select: ACCOUNT_FIELDS });
  if (!user) throw AppError.notFound("Account not found");
  return toAccount(user);
}

export async function updateAccount({
  principal,
  origin,
  name,
}: {
  principal: UserPrincipal;
  origin: RequestOrigin;
  name: string;
}): Promise<Account> {
  const prisma = await db();
  const user = await prisma.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: principal.userId }, data: { name }, select: ACCOUNT_FIELDS });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "account.updated",
      target: { type: "user", id: principal.userId },
      metadata: { fields: ["name"] },
    });
    return updated;
  });
  return toAccount(user);
}
