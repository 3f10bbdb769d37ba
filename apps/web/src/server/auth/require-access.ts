// Asks the policy engine whether a principal may do what a route or procedure declares.
// REST and tRPC both call this, so they cannot disagree.
import { AppError } from "@keygate/core";
import { type Access, authorize, type Principal, type Role } from "@keygate/core/policy";
import { database } from "../db";

/** The user's role on a website now, or null (not a member, or no such website). */
export async function roleOn(userId: string, websiteId: string): Promise<Role | null> {
  const { query } = await database();
  const [row] = await query<{ role: Role }>(
    `SELECT "role"::text AS "role" FROM "Membership" WHERE "userId" = $1 AND "websiteId" = $2`,
    [userId, websiteId],
  );
  return row?.role ?? null;
}

/**
 * Throws 403 unless allowed. Returns the role the caller acts with on the website (a website key
 * acts as a member), for responses that report it.
 */
export async function requireAccess(principal: Principal, access: Access, websiteId?: string): Promise<Role | null> {
  let role: Role | null = null;
  if (access.scope === "website" && websiteId !== undefined) {
    role = principal.kind === "apiKey" ? null : await roleOn(principal.userId, websiteId);
  }
  const decision = authorize({ principal, access, websiteId, role });
  if (!decision.allowed) throw new AppError("forbidden", decision.message);
  return principal.kind === "apiKey" ? "member" : role;
}
