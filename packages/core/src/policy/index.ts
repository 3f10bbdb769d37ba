export { ACTIONS, type Action } from "./actions";
export {
  type Access,
  type AuthorizeInput,
  authorize,
  DENIAL,
  type Decision,
  effectivePermissions,
  isAccountPermission,
  type RoleFor,
  websiteKeyPermissions,
} from "./authorize";
export { grantsBeyondCaller, keyPermissionsBeyondCaller, keyPermissionsHeld, websitesBeyondCaller } from "./grants";
export {
  ACCOUNT_PERMISSIONS,
  expandGrants,
  GRANTS,
  type Grant,
  isGrant,
  PERMISSIONS,
  type Permission,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
  WEBSITE_KEY_PERMISSIONS,
} from "./permissions";
export {
  type AccessTokenPrincipal,
  ANONYMOUS,
  type AnonymousPrincipal,
  type ApiKeyPrincipal,
  type Caller,
  type Principal,
  principalUserId,
  type SessionPrincipal,
} from "./principal";
