// Funnels: GET/POST /admin/websites/{websiteId}/funnels, PUT/DELETE …/funnels/{funnelId}.
import {
  createFunnelBody,
  deletedResponse,
  funnelParams,
  funnelResponse,
  updateFunnelBody,
  websiteParams,
} from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { createFunnel, deleteFunnel, listFunnels, updateFunnel } from "../../services/funnels";
import { defineRoute } from "../define";

const tag = "Funnels";

export const funnelRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/websites/{websiteId}/funnels",
    summary: "List funnels",
    tag,
    access: ACTIONS["funnels.list"],
    params: websiteParams,
    response: funnelResponse,
    handler: ({ params }) => listFunnels(params),
  }),
  defineRoute({
    method: "post",
    path: "/admin/websites/{websiteId}/funnels",
    summary: "Create funnel",
    description: "2–8 steps, each a pageview (url) or a goal (goalName). 409 when the name is taken on this website.",
    tag,
    access: ACTIONS["funnels.create"],
    params: websiteParams,
    body: createFunnelBody,
    response: funnelResponse,
    errors: ["conflict"],
    handler: ({ principal, origin, params, body }) => createFunnel({ principal, origin, ...params, ...body }),
  }),
  defineRoute({
    method: "put",
    path: "/admin/websites/{websiteId}/funnels/{funnelId}",
    summary: "Update funnel",
    description: "409 when the new name is taken on this website.",
    tag,
    access: ACTIONS["funnels.update"],
    params: funnelParams,
    body: updateFunnelBody,
    response: funnelResponse,
    errors: ["conflict"],
    handler: ({ principal, origin, params, body }) => updateFunnel({ principal, origin, ...params, changes: body }),
  }),
  defineRoute({
    method: "delete",
    path: "/admin/websites/{websiteId}/funnels/{funnelId}",
    summary: "Delete funnel",
    description: "Soft delete: the funnel disappears from lists and its name is free again.",
    tag,
    access: ACTIONS["funnels.delete"],
    params: funnelParams,
    response: deletedResponse,
    handler: ({ principal, origin, params }) => deleteFunnel({ principal, origin, ...params }),
  }),
];
