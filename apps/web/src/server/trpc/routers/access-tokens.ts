// Account tokens in the dashboard; the same services as REST.
import { accessTokenParams, createAccessTokenBody } from "@keygate/core/contracts";
import type { Grant } from "@keygate/core/policy";
import {
  createAccessToken,
  listAccessTokens,
  MAX_ACCESS_TOKENS_PER_ACCOUNT,
  revokeAccessToken,
} from "../../services/access-tokens";
import { actionProcedure, router } from "../init";

export const accessTokensRouter = router({
  list: actionProcedure("accessTokens.list").query(async ({ ctx }) => ({
    tokens: await listAccessTokens({ principal: ctx.principal }),
    limit: MAX_ACCESS_TOKENS_PER_ACCOUNT,
  })),
  create: actionProcedure("accessTokens.create")
    .input(createAccessTokenBody)
    .mutation(({ ctx, input }) =>
      createAccessToken({
        principal: ctx.principal,
        origin: ctx.origin,
        name: input.name,
        permissions: input.permissions as Grant[],
        websiteIds: input.websiteIds,
        allowedIps: input.allowedIps,
        expiresAt: input.expiresAt,
      }),
    ),
  revoke: actionProcedure("accessTokens.revoke")
    .input(accessTokenParams)
    .mutation(({ ctx, input }) =>
      revokeAccessToken({ principal: ctx.principal, origin: ctx.origin, tokenId: input.tokenId }),
    ),
});
