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
    .mutation(({ ctx, input }) => createFunnel({ ...ctx, ...input })),
  delete: actionProcedure("funnels.delete")
    .input(funnelParams)
    .mutation(({ ctx, input }) => deleteFunnel({ ...ctx, ...input })),
});

export const alertsRouter = router({
  list: actionProcedure("alerts.list")
    .input(websiteParams)
    .query(async ({ input }) => ({ alerts: await listAlerts(input), limit: MAX_ALERTS_PER_WEBSITE })),
  create: actionProcedure("alerts.create")
    .input(websiteParams.extend({ alert: createAlertBody }))
    .mutation(({ ctx, input }) => createAlert({ ...ctx, ...input })),
  setEnabled: actionProcedure("alerts.update")
    .input(alertParams.extend({ isEnabled: z.boolean() }))
    .mutation(({ ctx, input }) =>
      updateAlert({
        ...ctx,
        ...input,
        changes: { isEnabled: input.isEnabled } satisfies z.infer<typeof updateAlertBody>,
      }),
    ),
  delete: actionProcedure("alerts.delete")
    .input(alertParams)
    .mutation(({ ctx, input }) => deleteAlert({ ...ctx, ...input })),
});
