// What every write needs to know about who asked and from where, for authorization and the audit log.
import type { Principal } from "@keygate/core/policy";
import type { Signer } from "../auth/secret-scanning";

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Who performed a write: a principal, staff in the admin console, the ops commands, a scheduled job
 * (system), or a secret-scanning partner whose signed leak report revoked a credential.
 */
export type Actor = Principal | { kind: "staff"; userId: string } | { kind: "ops" } | { kind: "system" } | Signer;

export const NO_ORIGIN: RequestOrigin = { ip: null, userAgent: null };

/** What every website-scoped write takes. */
export interface WebsiteWrite {
  principal: Principal;
  origin: RequestOrigin;
  websiteId: string;
}
