// Usage of website keys and account tokens in the dashboard (the charts on the Developer and
// tokens pages); the same service as REST.
import { accessTokenParams, apiKeyParams, credentialUsageQuery } from "@keygate/core/contracts";
import { accessTokenUsage, apiKeyUsage } from "../../services/credential-usage";
import { actionProcedure, router } from "../init";

export const credentialUsageRouter = router({
  apiKey: actionProcedure("apiKeys.usage")
    .input(apiKeyParams.extend(credentialUsageQuery.shape))
    .query(({ input }) => apiKeyUsage(input)),
  accessToken: actionProcedure("accessTokens.usage")
    .input(accessTokenParams.extend(credentialUsageQuery.shape))
    .query(({ ctx, input }) => accessTokenUsage({ principal: ctx.principal, ...input })),
});
