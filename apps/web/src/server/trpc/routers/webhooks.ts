// Webhooks in the dashboard; the same services as REST.
import { createWebhookBody, webhookDeliveriesQuery, webhookParams, websiteParams } from "@keygate/core/contracts";
import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  MAX_WEBHOOKS_PER_WEBSITE,
  sendTestWebhook,
} from "../../services/webhooks";
import { actionProcedure, router } from "../init";

export const webhooksRouter = router({
  list: actionProcedure("webhooks.list")
    .input(websiteParams)
    .query(async ({ input }) => ({ webhooks: await listWebhooks(input), limit: MAX_WEBHOOKS_PER_WEBSITE })),
  create: actionProcedure("webhooks.create")
    .input(websiteParams.extend({ webhook: createWebhookBody }))
    .mutation(({ ctx, input }) =>
      createWebhook({ principal: ctx.principal, origin: ctx.origin, role: ctx.role, ...input }),
    ),
  delete: actionProcedure("webhooks.delete")
    .input(webhookParams)
    .mutation(({ ctx, input }) => deleteWebhook({ principal: ctx.principal, origin: ctx.origin, ...input })),
  test: actionProcedure("webhooks.test")
    .input(webhookParams)
    .mutation(({ input }) => sendTestWebhook(input)),
  deliveries: actionProcedure("webhooks.deliveries")
    .input(webhookParams.extend(webhookDeliveriesQuery.shape))
    .query(({ input }) => listWebhookDeliveries(input)),
});
