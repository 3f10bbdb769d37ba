// Funnels and alerts in the dashboard; the same services as REST.
import {
  alertParams,
  createAlertBody,
  createFunnelBody,
  funnelParams,
  type updateAlertBody,
  websiteParams,
} from "@keygate/core/contracts";
import { z } from "zod";
import { createAlert, deleteAlert, listAlerts, MAX_ALERTS_PER_WEBSITE, updateAlert } from "../../services/alerts";
import { createFunnel, deleteFunnel, listFunnels } from "../../services/funnels";
import { actionProcedure, router } from "../init";

export const funnelsRouter = router({
  list: actionProcedure("funnels.list")
    .input(websiteParams)
    .query(({ input }) => listFunnels(input)),
  create: actionProcedure("funnels.create")
    .input(websiteParams.extend(createFunnelBody.shape))
    .mutation(({ ctx, input }) => createFunnel({ principal: ctx.principal, origin: ctx.origin, ...input })),
  delete: actionProcedure("funnels.delete")
    .input(funnelParams)
    .mutation(({ ctx, input }) => deleteFunnel({ principal: ctx.principal, origin: ctx.origin, ...input })),
});

export const alertsRouter = router({
  list: actionProcedure("alerts.list")
    .input(websiteParams)
    .query(async ({ input }) => ({ alerts: await listAlerts(input), limit: MAX_ALERTS_PER_WEBSITE })),
  create: actionProcedure("alerts.create")
    .input(websiteParams.extend({ alert: createAlertBody }))
    .mutation(({ ctx, input }) => createAlert({ principal: ctx.principal, origin: ctx.origin, ...input })),
  setEnabled: actionProcedure("alerts.update")
    .input(alertParams.extend({ isEnabled: z.boolean() }))
    .mutation(({ ctx, input }) =>
      updateAlert({
        principal: ctx.principal,
        origin: ctx.origin,
        ...input,
        changes: { isEnabled: input.isEnabled } satisfies z.infer<typeof updateAlertBody>,
      }),
    ),
  delete: actionProcedure("alerts.delete")
    .input(alertParams)
    .mutation(({ ctx, input }) => deleteAlert({ principal: ctx.principal, origin: ctx.origin, ...input })),
});
