// What a caller may put on a new account token: never more than it holds itself.
import { effectivePermissions, websiteKeyPermissions } from "./authorize";
import { expandGrants, type Grant, type Permission, type Role, WEBSITE_KEY_PERMISSIONS } from "./permissions";
import type { Principal } from "./principal";

/** The grants the caller asked for but does not hold, empty when the request is within its own. */
export function grantsBeyondCaller(caller: Principal, requested: readonly Grant[]): Grant[] {
  if (caller.kind === "session") return [];
  if (caller.kind === "apiKey") return [...requested];
  if (caller.permissions.includes("*")) return [];
  const held = expandGrants(caller.permissions);
  return requested.filter((grant) => grant === "*" || !held.has(grant));
}

/**
 * The website ids the caller asked for but may not scope a token to. An empty request means
 * "all websites", which a caller limited to a list cannot grant.
 */
export function websitesBeyondCaller(caller: Principal, requested: readonly string[]): string[] | "all" {
  if (caller.kind !== "accessToken" || caller.websiteIds.length === 0) return [];
  if (requested.length === 0) return "all";
  return requested.filter((id) => !caller.websiteIds.includes(id));
}

/**
 * The website-key permissions a caller holds on a website: the most a key it makes or rolls may have.
 * Members and owners (and full tokens and full keys) hold them all; a token or a restricted key may hold fewer.
 */
export function keyPermissionsHeld(caller: Principal, websiteId: string, role: Role | null): Set<Permission> {
  return new Set([...effectivePermissions(caller, websiteId, role)].filter((p) => WEBSITE_KEY_PERMISSIONS.has(p)));
}

/**
 * The permissions a new or rolled website key would have that its caller lacks on the website; empty
 * when allowed. No caller makes or rolls a key that can do more than itself — rolling one would hand it
 * the new value.
 */
export function keyPermissionsBeyondCaller(
  caller: Principal,
  websiteId: string,
  role: Role | null,
  key: { permissions?: readonly string[] },
): Permission[] {
  const held = keyPermissionsHeld(caller, websiteId, role);
  return [...websiteKeyPermissions(key)].filter((permission) => !held.has(permission));
}
