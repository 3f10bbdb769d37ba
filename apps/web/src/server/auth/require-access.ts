// Asks the policy engine whether a principal may do what a route or procedure declares.
// REST and tRPC both call this, so they cannot disagree.
import { AppError } from "@keygate/core";
import { type Access, authorize, type Caller, type Role } from "@keygate/core/policy";
import { database } from "../db";
import { cached } from "./access-cache";
import { SUSPENDED } from "./bearer";

/** The user's role on a website now, or null (not a member, or no such website). */
export function roleOn(userId: string, websiteId: string): Promise<Role | null> {
  return cached(
    `role:${userId}:${websiteId}`,
    async () => {
      const { query } = await database();
      const [row] = await query<{ role: Role }>(
        `SELECT "role"::text AS "role" FROM "Membership" WHERE "userId" = $1 AND "websiteId" = $2`,
        [userId, websiteId],
      );
      return row?.role ?? null;
    },
    // Only members are kept: lookups of random websites must not push out the real entries.
    (role) => role !== null,
  );
}

/** Whether the website's public dashboard is on now; false when there is no such website. */
export function isPublicDashboard(websiteId: string): Promise<boolean> {
  return cached(
    `public:${websiteId}`,
    async () => {
      const { query } = await database();
      const [row] = await query<{ publicDashboard: boolean }>(
        `SELECT "publicDashboard" FROM "Website" WHERE "id" = $1`,
        [websiteId],
      );
      return row?.publicDashboard ?? false;
    },
    (on) => on,
  );
}

/** Whether staff suspended the website's API access; false when there is no such website. */
export function isApiSuspended(websiteId: string): Promise<boolean> {
  return cached(`suspended:${websiteId}`, async () => {
    const { query } = await database();
    const [row] = await query<{ suspended: boolean }>(
      `SELECT "apiSuspendedAt" IS NOT NULL AS "suspended" FROM "Website" WHERE "id" = $1`,
      [websiteId],
    );
    return row?.suspended ?? false;
  });
}

/**
 * Throws 403 (401 for a caller who should sign in) unless allowed. Returns the role the caller acts
 * with on the website (a website key acts as a member), for responses that report it.
 */
export async function requireAccess(principal: Caller, access: Access, websiteId?: string): Promise<Role | null> {
  let role: Role | null = null;
  let publicDashboard = false;
  if (access.scope === "website" && websiteId !== undefined) {
    [role, publicDashboard] = await Promise.all([
      principal.kind === "apiKey" || principal.kind === "anonymous" ? null : roleOn(principal.userId, websiteId),
      access.public ? isPublicDashboard(websiteId) : false,
    ]);
  }
  const decision = authorize({ principal, access, websiteId, role, publicDashboard });
  if (!decision.allowed) throw new AppError(decision.status === 401 ? "unauthorized" : "forbidden", decision.message);
  // A suspension stops the API on the website for every credential: website keys at lookup (bearer.ts),
  // account tokens here. Only once allowed, so the lookup is always about a website the caller may reach.
  if (principal.kind === "accessToken" && websiteId !== undefined && (await isApiSuspended(websiteId))) {
    throw AppError.forbidden(SUSPENDED);
  }
  return principal.kind === "apiKey" ? "member" : role;
}
