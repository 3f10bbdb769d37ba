// Who is calling: a signed-in user, an account token acting for a user, a website key — or, on
// public pages only, an anonymous visitor.

export interface SessionPrincipal {
  kind: "session";
  userId: string;
  /** The dashboard session (sign-in) the request came with; absent for callers built in process. */
  sessionId?: string;
}

export interface AccessTokenPrincipal {
  kind: "accessToken";
  userId: string;
  tokenId: string;
  /** As stored on the token; may contain `*`. */
  permissions: readonly string[];
  /** Websites the token is limited to; empty means every website of the user. */
  websiteIds: readonly string[];
  /** When the token expires (ISO 8601), if it does: what it creates expires no later. */
  expiresAt?: string;
}

export interface ApiKeyPrincipal {
  kind: "apiKey";
  keyId: string;
  websiteId: string;
  /** A restricted key's permissions (a subset of a website key's); absent or empty: all of them. */
  permissions?: readonly string[];
  /** When the key expires (ISO 8601), if it does: what it creates expires no later. */
  expiresAt?: string;
}

export type Principal = SessionPrincipal | AccessTokenPrincipal | ApiKeyPrincipal;

/** Someone without a credential: what a public dashboard's reader is. Never reaches the REST API. */
export interface AnonymousPrincipal {
  kind: "anonymous";
}

export const ANONYMOUS: AnonymousPrincipal = Object.freeze({ kind: "anonymous" });

/** Whoever the policy engine decides about: a principal with a credential, or nobody in particular. */
export type Caller = Principal | AnonymousPrincipal;

/** The user a principal acts for; website keys act for no user. */
export function principalUserId(principal: Principal): string | null {
  return principal.kind === "apiKey" ? null : principal.userId;
}
