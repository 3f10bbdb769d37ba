// Account tokens: GET/POST /admin/access-tokens, DELETE /admin/access-tokens/{tokenId}.
import {
  accessTokenParams,
  accessTokenResponse,
  createAccessTokenBody,
  messageResponse,
} from "@keygate/core/contracts";
import { ACTIONS, type Grant } from "@keygate/core/policy";
import { createAccessToken, listAccessTokens, revokeAccessToken } from "../../services/access-tokens";
import { defineRoute } from "../define";
import { userPrincipal } from "../user-principal";

const tag = "Account tokens";

export const accessTokenRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/access-tokens",
    summary: "List account tokens",
    description: "The caller's own tokens, masked.",
    tag,
    access: ACTIONS["accessTokens.list"],
    response: accessTokenResponse,
    handler: ({ principal }) => listAccessTokens({ principal: userPrincipal(principal) }),
  }),
  defineRoute({
    method: "post",
    path: "/admin/access-tokens",
    summary: "Create account token",
    description:
      "Returns the raw `dft_` token once in `data[0].key`. Never more permissions or websites than the caller holds. At most 20 per account.",
    tag,
    access: ACTIONS["accessTokens.create"],
    idempotent: true,
    body: createAccessTokenBody,
    response: accessTokenResponse,
    handler: ({ principal, origin, body }) =>
      createAccessToken({
        principal: userPrincipal(principal),
        origin,
        name: body.name,
        permissions: body.permissions as Grant[],
        websiteIds: body.websiteIds,
        allowedIps: body.allowedIps,
        expiresAt: body.expiresAt,
      }),
  }),
  defineRoute({
    method: "delete",
    path: "/admin/access-tokens/{tokenId}",
    summary: "Delete account token",
    description: "Only tokens of the caller's own account.",
    tag,
    access: ACTIONS["accessTokens.revoke"],
    params: accessTokenParams,
    response: messageResponse,
    handler: ({ principal, origin, params }) =>
      revokeAccessToken({ principal: userPrincipal(principal), origin, tokenId: params.tokenId }),
  }),
];
