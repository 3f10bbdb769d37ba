// Website API keys: GET/POST /admin/websites/{websiteId}/apikeys, PUT/DELETE …/apikeys/{apiKeyId}.
import {
  apiKeyParams,
  apiKeyResponse,
  createApiKeyBody,
  deletedResponse,
  rollApiKeyBody,
  websiteParams,
} from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { createApiKey, listApiKeys, revokeApiKey, rollApiKey } from "../../services/api-keys";
import { defineRoute } from "../define";

const tag = "Website API keys";

export const apiKeyRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/websites/{websiteId}/apikeys",
    summary: "List website keys",
    description: "Masked keys only; the raw key is never returned here.",
    tag,
    access: ACTIONS["apiKeys.list"],
    params: websiteParams,
    response: apiKeyResponse,
    handler: ({ params }) => listApiKeys({ websiteId: params.websiteId }),
  }),
  defineRoute({
    method: "post",
    path: "/admin/websites/{websiteId}/apikeys",
    summary: "Create website key",
    description: "Returns the raw `df_` key once in `data[0].key`. At most 10 keys per website.",
    tag,
    access: ACTIONS["apiKeys.create"],
    idempotent: true,
    params: websiteParams,
    body: createApiKeyBody,
    response: apiKeyResponse,
    handler: ({ principal, origin, role, params, body }) =>
      createApiKey({ principal, origin, role, websiteId: params.websiteId, ...body }),
  }),
  defineRoute({
    method: "put",
    path: "/admin/websites/{websiteId}/apikeys/{apiKeyId}",
    summary: "Roll website key",
    description:
      "Same `_id`, new raw key returned once. The old value stops working at once, or after " +
      "`expireOldKeyInMinutes` (optional body, up to 10080); a roll during a grace window ends the previous one.",
    tag,
    access: ACTIONS["apiKeys.roll"],
    idempotent: true,
    params: apiKeyParams,
    body: rollApiKeyBody,
    response: apiKeyResponse,
    handler: ({ principal, origin, role, params, body }) => rollApiKey({ principal, origin, role, ...params, ...body }),
  }),
  defineRoute({
    method: "delete",
    path: "/admin/websites/{websiteId}/apikeys/{apiKeyId}",
    summary: "Delete website key",
    description: "Revokes the key; later calls with it get 401.",
    tag,
    access: ACTIONS["apiKeys.revoke"],
    params: apiKeyParams,
    response: deletedResponse,
    handler: ({ principal, origin, params }) => revokeApiKey({ principal, origin, ...params }),
  }),
];
