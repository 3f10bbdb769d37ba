// Webhooks: GET/POST /admin/websites/{websiteId}/webhooks, DELETE …/webhooks/{webhookId},
// POST …/webhooks/{webhookId}/test, GET …/webhooks/{webhookId}/deliveries.
import {
  createWebhookBody,
  deletedResponse,
  webhookDeliveriesQuery,
  webhookDeliveryResponse,
  webhookParams,
  webhookResponse,
  websiteParams,
} from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  sendTestWebhook,
} from "../../services/webhooks";
import { defineRoute } from "../define";

const tag = "Webhooks";

export const webhookRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/websites/{websiteId}/webhooks",
    summary: "List webhook endpoints",
    description: "Owners and members. Signing secrets are never returned here.",
    tag,
    access: ACTIONS["webhooks.list"],
    params: websiteParams,
    response: webhookResponse,
    handler: ({ params }) => listWebhooks(params),
  }),
  defineRoute({
    method: "post",
    path: "/admin/websites/{websiteId}/webhooks",
    summary: "Create webhook endpoint",
    description:
      "Returns the signing secret once in `data[0].secret`. At most 5 per website (400 beyond). URLs whose host is, " +
      "or resolves to, a private, loopback, link-local or other internal address are refused (400).",
    tag,
    access: ACTIONS["webhooks.create"],
    params: websiteParams,
    body: createWebhookBody,
    response: webhookResponse,
    handler: ({ principal, origin, role, params, body }) =>
      createWebhook({ principal, origin, role, ...params, webhook: body }),
  }),
  defineRoute({
    method: "delete",
    path: "/admin/websites/{websiteId}/webhooks/{webhookId}",
    summary: "Delete webhook endpoint",
    description: "Its pending deliveries are dropped with it.",
    tag,
    access: ACTIONS["webhooks.delete"],
    params: webhookParams,
    response: deletedResponse,
    handler: ({ principal, origin, params }) => deleteWebhook({ principal, origin, ...params }),
  }),
  defineRoute({
    method: "post",
    path: "/admin/websites/{websiteId}/webhooks/{webhookId}/test",
    summary: "Send a test event",
    description: "Queues a `ping` event for this endpoint (whatever its event list) and returns the pending delivery.",
    tag,
    access: ACTIONS["webhooks.test"],
    params: webhookParams,
    response: webhookDeliveryResponse,
    handler: ({ params }) => sendTestWebhook(params),
  }),
  defineRoute({
    method: "get",
    path: "/admin/websites/{websiteId}/webhooks/{webhookId}/deliveries",
    summary: "List webhook deliveries",
    description: "The latest deliveries to the endpoint, newest first: status, attempts, last HTTP status and error.",
    tag,
    access: ACTIONS["webhooks.deliveries"],
    params: webhookParams,
    query: webhookDeliveriesQuery,
    response: webhookDeliveryResponse,
    handler: ({ params, query }) => listWebhookDeliveries({ ...params, limit: query.limit }),
  }),
];
