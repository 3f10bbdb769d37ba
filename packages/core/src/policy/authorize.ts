// The decision function every REST route and tRPC procedure goes through. Pure: the caller looks
// up the principal's role on the target website (and, for public actions, whether the website's
// public dashboard is on) and passes it in.
import type { ErrorStatus } from "../errors";
import {
  ACCOUNT_PERMISSIONS,
  expandGrants,
  type Permission,
  ROLE_PERMISSIONS,
  type Role,
  WEBSITE_KEY_PERMISSIONS,
} from "./permissions";
import type { Caller } from "./principal";

/** What a route requires, declared once next to the route. */
export type Access =
  | {
      scope: "account";
      /** null: any authenticated caller acting for the account. */
      permission: Permission | null;
      /** Website keys may call it too (only `GET /account`). */
      websiteKeys?: boolean;
    }
  | {
      scope: "website";
      permission: Permission;
      /** Needs the owner role on top of the permission (team invite/remove). */
      ownerOnly?: boolean;
      /** Closed to viewers: owners, members and website keys (member level) only. */
      membersOnly?: boolean;
      /** Also open to anyone — signed in or not, member or not — while the website's public dashboard is on. */
      public?: boolean;
    }
  | {
      /** No credential: the request is authenticated by a signature over its body, checked by the route's transport. */
      scope: "signature";
      permission: null;
      /** Whose keys verify the signature: `secret-scanning` = the partner keys in SECRET_SCANNING_PUBLIC_KEYS. */
      signedBy: "secret-scanning";
    };

/** The role a caller allowed to perform `A` acts with: one on a website (a website key acts as a member), none on the account. */
export type RoleFor<A extends Access> = A extends { scope: "website" } ? Role : null;

export type Decision = { allowed: true } | { allowed: false; status: ErrorStatus; message: string };

export interface AuthorizeInput {
  principal: Caller;
  access: Access;
  /** The website in the path, for website-scoped routes. */
  websiteId?: string;
  /** The principal's user's role on that website *now*; null when none or the website does not exist. */
  role?: Role | null;
  /** Whether the website's public dashboard is on now; read for `public` actions only. */
  publicDashboard?: boolean;
}

const ALLOW: Decision = { allowed: true };
const deny = (message: string, status: ErrorStatus = 403): Decision => ({ allowed: false, status, message });

export const DENIAL = {
  websiteKeyOnAccount: "Website API keys (df_) cannot access account-level resources; use an account token (dft_)",
  noWebsiteAccess: "You do not have access to this website",
  ownerOnly: "Only an owner of this website can do this",
  membersOnly: "Viewers cannot do this; ask an owner for the member role",
  signIn: "Sign in to continue",
  signatureOnly: "This endpoint takes a signed request, not a credential",
  notPublic: "This website's dashboard is not public",
  missing: (permission: Permission) => `Missing permission: ${permission}`,
} as const;

/**
 * Effective permissions of a principal on one website:
 * session = role's; account token = token's ∩ role's (and only inside its website list);
 * website key = member's website permissions (or its restricted subset), and only on its own website.
 */
export function effectivePermissions(principal: Caller, websiteId: string, role: Role | null): Set<Permission> {
  if (principal.kind === "anonymous") return new Set();
  if (principal.kind === "apiKey")
    return principal.websiteId === websiteId ? websiteKeyPermissions(principal) : new Set();
  if (role === null) return new Set();
  const rolePermissions = ROLE_PERMISSIONS[role];
  if (principal.kind === "session") return new Set(rolePermissions);
  if (principal.websiteIds.length > 0 && !principal.websiteIds.includes(websiteId)) return new Set();
  return new Set([...expandGrants(principal.permissions)].filter((p) => rolePermissions.has(p)));
}

export function authorize({
  principal,
  access,
  websiteId,
  role = null,
  publicDashboard = false,
}: AuthorizeInput): Decision {
  // Signed requests never pass through the credential pipeline: no principal may perform them.
  if (access.scope === "signature") return deny(DENIAL.signatureOnly, 401);
  if (access.scope === "account") {
    if (principal.kind === "anonymous") return deny(DENIAL.signIn, 401);
    if (principal.kind === "apiKey") return access.websiteKeys ? ALLOW : deny(DENIAL.websiteKeyOnAccount);
    if (access.permission === null || principal.kind === "session") return ALLOW;
    return expandGrants(principal.permissions).has(access.permission) ? ALLOW : deny(DENIAL.missing(access.permission));
  }

  if (websiteId === undefined) throw new Error("authorize: a website-scoped route needs a websiteId");
  // The owners made it public: who is asking no longer matters, for the public actions only.
  if (access.public && publicDashboard) return ALLOW;
  if (principal.kind === "anonymous") return access.public ? deny(DENIAL.notPublic) : deny(DENIAL.signIn, 401);
  const inScope =
    principal.kind === "apiKey"
      ? principal.websiteId === websiteId
      : role !== null &&
        (principal.kind === "session" || principal.websiteIds.length === 0 || principal.websiteIds.includes(websiteId));
  if (!inScope) return deny(DENIAL.noWebsiteAccess);

  // Website keys are capped at member level, so owner-only routes are closed to them.
  if (access.ownerOnly && (principal.kind === "apiKey" || role !== "owner")) return deny(DENIAL.ownerOnly);
  if (access.membersOnly && principal.kind !== "apiKey" && role === "viewer") return deny(DENIAL.membersOnly);
  if (!effectivePermissions(principal, websiteId, role).has(access.permission)) {
    return deny(DENIAL.missing(access.permission));
  }
  return ALLOW;
}

/** What a website key may do on its own website: every website-key permission, or its restricted subset. */
export function websiteKeyPermissions(key: { permissions?: readonly string[] }): Set<Permission> {
  if (!key.permissions || key.permissions.length === 0) return new Set(WEBSITE_KEY_PERMISSIONS);
  return new Set([...WEBSITE_KEY_PERMISSIONS].filter((permission) => key.permissions?.includes(permission)));
}

/** True when `permission` is about the account rather than one website. */
export function isAccountPermission(permission: Permission): boolean {
  return ACCOUNT_PERMISSIONS.has(permission);
}
