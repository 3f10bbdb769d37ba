// Account-scoped routes are closed to website keys by the policy; this narrows the type to match.
import { AppError } from "@keygate/core";
import type { Principal } from "@keygate/core/policy";
import type { UserPrincipal } from "../services/access-tokens";

export function userPrincipal(principal: Principal): UserPrincipal {
  if (principal.kind === "apiKey") throw AppError.forbidden("This route needs an account token (dft_)");
  return principal;
}
