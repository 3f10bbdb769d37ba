// What a caller may put on a new account token: never more than it holds itself.
import { websiteKeyPermissions } from "./authorize";
import { expandGrants, type Grant, type Permission } from "./permissions";
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
 * The permissions a new or rolled website key would have that a restricted website key asking for it
 * lacks; empty when allowed. Users and account tokens give keys any website-key permissions (a key acts
 * at member level at most, as today); a restricted key never makes or rolls a key that can do more than
 * itself — rolling one would hand it the new value.
 */
export function keyPermissionsBeyondCaller(caller: Principal, key: { permissions?: readonly string[] }): Permission[] {
  if (caller.kind !== "apiKey") return [];
  const held = websiteKeyPermissions(caller);
  return [...websiteKeyPermissions(key)].filter((permission) => !held.has(permission));
}
