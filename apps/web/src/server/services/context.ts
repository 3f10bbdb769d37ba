// What every write needs to know about who asked and from where, for authorization and the audit log.
import type { Principal } from "@keygate/core/policy";

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** Who performed a write: a principal, or an internal admin through the ops commands. */
export type Actor = Principal | { kind: "ops" };

export const NO_ORIGIN: RequestOrigin = { ip: null, userAgent: null };
