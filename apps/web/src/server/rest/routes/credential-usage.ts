// Usage of a website key (GET …/apikeys/{apiKeyId}/usage) and of an account token
// (GET /admin/access-tokens/{tokenId}/usage): requests per UTC day and status class, and the last client seen.
import { accessTokenParams, apiKeyParams, credentialUsageBody, credentialUsageQuery } from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { accessTokenUsage, apiKeyUsage } from "../../services/credential-usage";
import { defineRoute } from "../define";
import { userPrincipal } from "../user-principal";

const description =
  "Requests answered for the credential per UTC day (`days`, default 30, today included, zeros filled) by " +
  "status class, and `lastSeen` {at, ip, userAgent} of its last request. Counts are written about every 5 s; " +
  "requests refused before the credential was recognised (malformed, unknown or revoked key) count for no one.";

export const apiKeyUsageRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/websites/{websiteId}/apikeys/{apiKeyId}/usage",
    summary: "Website key usage",
    description,
    tag: "Website API keys",
    access: ACTIONS["apiKeys.usage"],
    params: apiKeyParams,
    query: credentialUsageQuery,
    response: credentialUsageBody,
    reply: "spread",
    handler: ({ params, query }) => apiKeyUsage({ ...params, days: query.days }),
  }),
];

export const accessTokenUsageRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/access-tokens/{tokenId}/usage",
    summary: "Account token usage",
    description: `${description} Only tokens of the caller's own account.`,
    tag: "Account tokens",
    access: ACTIONS["accessTokens.usage"],
    params: accessTokenParams,
    query: credentialUsageQuery,
    response: credentialUsageBody,
    reply: "spread",
    handler: ({ principal, params, query }) =>
      accessTokenUsage({ principal: userPrincipal(principal), tokenId: params.tokenId, days: query.days }),
  }),
];
