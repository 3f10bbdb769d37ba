// Permission strings and the role table: what each role may do on a website.

export const PERMISSIONS = [
  "analytics:read",
  "goals:read",
  "goals:write",
  "payments:read",
  "payments:write",
  "identify:write",
  "websites:read",
  "websites:write",
  "settings:read",
  "settings:write",
  "funnels:read",
  "funnels:write",
  "alerts:read",
  "alerts:write",
  "team:read",
  "team:write",
  "api-keys:read",
  "api-keys:write",
] as const;

export type Permission = (typeof PERMISSIONS)[number];
/** What a token may carry: any permission, or `*` for all of them. */
export type Grant = Permission | "*";
export const GRANTS: readonly Grant[] = [...PERMISSIONS, "*"];

export const ROLES = ["owner", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const VIEWER: readonly Permission[] = [
  "analytics:read",
  "goals:read",
  "payments:read",
  "websites:read",
  "settings:read",
  "funnels:read",
  "alerts:read",
  "team:read",
  "api-keys:read",
];

const MEMBER: readonly Permission[] = [
  ...VIEWER,
  "goals:write",
  "payments:write",
  "identify:write",
  "settings:write",
  "funnels:write",
  "alerts:write",
  "api-keys:write",
];

/** owner ⊇ member ⊇ viewer. Only owners manage the team and the website itself. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  owner: new Set([...MEMBER, "team:write", "websites:write"]),
  member: new Set(MEMBER),
  viewer: new Set(VIEWER),
};

/** Permissions about the account as a whole; a website key never carries them. */
export const ACCOUNT_PERMISSIONS: ReadonlySet<Permission> = new Set(["websites:read", "websites:write"]);

/** A website key (`df_`) acts as a member of its own website, minus account-level permissions. */
export const WEBSITE_KEY_PERMISSIONS: ReadonlySet<Permission> = new Set(
  MEMBER.filter((permission) => !ACCOUNT_PERMISSIONS.has(permission)),
);

/** Expands `*` and drops duplicates. */
export function expandGrants(grants: readonly string[]): Set<Permission> {
  if (grants.includes("*")) return new Set(PERMISSIONS);
  return new Set(PERMISSIONS.filter((permission) => grants.includes(permission)));
}

export function isGrant(value: string): value is Grant {
  return (GRANTS as readonly string[]).includes(value);
}
