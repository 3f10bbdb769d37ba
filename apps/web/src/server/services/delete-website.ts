// Deleting a website — from the dashboard only, by an owner. Its memberships, keys, invitations,
// funnels, alerts and analytics go with it (foreign keys cascade); account tokens lose it from their
// website lists in the same transaction.
import { AppError } from "@keygate/core";
import type { SessionPrincipal } from "@keygate/core/policy";
import { db } from "../db";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";
import { lockWebsite } from "./locks";

export interface DeleteWebsiteInput {
  principal: SessionPrincipal;
  origin: RequestOrigin;
  websiteId: string;
  /** The domain as the person typed it: a request aimed at the wrong website deletes nothing. */
  confirmDomain: string;
}

export async function deleteWebsite({ principal, origin, websiteId, confirmDomain }: DeleteWebsiteInput) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    await lockWebsite(tx, websiteId);
    const website = await tx.website.findUnique({ where: { id: websiteId }, select: { domain: true, name: true } });
    if (!website) throw AppError.notFound("Website not found");
    if (confirmDomain.trim().toLowerCase() !== website.domain) {
      const message = `Type ${website.domain} to confirm`;
      throw AppError.badRequest(message, [{ path: "confirmDomain", message }]);
    }

    // An empty website list means "every website of the user", so a token scoped to this website
    // alone is revoked rather than emptied: deleting a website never widens a token.
    const scoped = await tx.$queryRaw<{ id: string; websiteIds: string[]; revokedAt: Date | null }[]>`
      SELECT "id", "websiteIds", "revokedAt" FROM "AccessToken" WHERE ${websiteId} = ANY("websiteIds") FOR UPDATE`;
    const live = scoped.filter((token) => token.revokedAt === null);
    const revoked = live.filter((token) => token.websiteIds.every((id) => id === websiteId)).map((token) => token.id);
    await tx.$executeRaw`
      UPDATE "AccessToken" SET "websiteIds" = array_remove("websiteIds", ${websiteId}) WHERE ${websiteId} = ANY("websiteIds")`;
    if (revoked.length > 0) {
      await tx.accessToken.updateMany({ where: { id: { in: revoked } }, data: { revokedAt: new Date() } });
    }
    for (const tokenId of revoked) {
      await recordAudit(tx, {
        actor: principal,
        origin,
        action: "access_token.revoked",
        target: { type: "accessToken", id: tokenId },
        websiteId,
        metadata: { reason: "website_deleted" },
      });
    }

    await tx.website.delete({ where: { id: websiteId } });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "website.deleted",
      target: { type: "website", id: websiteId },
      websiteId,
      metadata: {
        domain: website.domain,
        name: website.name,
        tokensRevoked: revoked.length,
        tokensRescoped: live.length - revoked.length,
      },
    });
    return { deleted: true as const, domain: website.domain, tokensRevoked: revoked.length };
  });
}
