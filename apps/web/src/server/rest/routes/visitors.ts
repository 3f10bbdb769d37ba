// The Website API's visitors: GET /visitors and GET /visitors/{visitorId} (analytics:read).
import { anyObject, visitorParams, visitorsBody, visitorsQuery, websiteOnlyQuery } from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { getVisitor, listVisitors } from "../../services/website-api/visitors";
import { defineRoute } from "../define";

const read = { tag: "Website API: visitors", access: ACTIONS["analytics.read"], websiteFromCredential: true } as const;

export const visitorRoutes = [
  defineRoute({
    ...read,
    method: "get",
    path: "/visitors",
    summary: "Search visitors",
    description: "Most recently seen first; `pagination: {offset, limit, hasMore}`.",
    query: visitorsQuery,
    response: visitorsBody,
    reply: "spread",
    handler: ({ websiteId, query }) => listVisitors({ websiteId, query }),
  }),
  defineRoute({
    ...read,
    method: "get",
    path: "/visitors/{visitorId}",
    summary: "Get visitor",
    description: "Identity, activity, goals, profile and payments. 404 when the visitor has no pageviews here.",
    params: visitorParams,
    query: websiteOnlyQuery,
    response: anyObject,
    reply: "object",
    handler: ({ websiteId, params }) => getVisitor({ websiteId, visitorId: params.visitorId }),
  }),
];
