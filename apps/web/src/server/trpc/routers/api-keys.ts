// Website API keys in the dashboard; the same services as REST.
import {
  apiKeyParams,
  createApiKeyBody,
  removeMemberBody,
  rollApiKeyBody,
  websiteParams,
} from "@keygate/core/contracts";
import {
  createApiKey,
  listApiKeysWithGrace,
  MAX_API_KEYS_PER_WEBSITE,
  revokeApiKey,
  revokeApiKeysCreatedBy,
  rollApiKey,
} from "../../services/api-keys";
import { actionProcedure, router } from "../init";

export const apiKeysRouter = router({
  list: actionProcedure("apiKeys.list")
    .input(websiteParams)
    .query(async ({ input }) => ({ keys: await listApiKeysWithGrace(input), limit: MAX_API_KEYS_PER_WEBSITE })),
  create: actionProcedure("apiKeys.create")
    .input(websiteParams.extend(createApiKeyBody.shape))
    .mutation(({ ctx, input }) =>
      createApiKey({ principal: ctx.principal, origin: ctx.origin, role: ctx.role, ...input }),
    ),
  roll: actionProcedure("apiKeys.roll")
    .input(apiKeyParams.extend(rollApiKeyBody.shape))
    .mutation(({ ctx, input }) =>
      rollApiKey({ principal: ctx.principal, origin: ctx.origin, role: ctx.role, ...input }),
    ),
  revoke: actionProcedure("apiKeys.revoke")
    .input(apiKeyParams)
    .mutation(({ ctx, input }) => revokeApiKey({ principal: ctx.principal, origin: ctx.origin, ...input })),
  /** After a member's removal: revoke the keys they created (the team page offers it). */
  revokeCreatedBy: actionProcedure("apiKeys.revoke")
    .input(websiteParams.extend({ userId: removeMemberBody.shape.userId }))
    .mutation(({ ctx, input }) => revokeApiKeysCreatedBy({ principal: ctx.principal, origin: ctx.origin, ...input })),
});
