// Data lifecycle in the dashboard: erasing one visitor (the retention period is a website setting,
// saved through websites.update; exports download from /api/websites/{websiteId}/export).
import { eraseVisitorParams, websiteParams } from "@keygate/core/contracts";
import { eraseVisitor } from "../../services/data-lifecycle";
import { actionProcedure, router } from "../init";

export const dataLifecycleRouter = router({
  eraseVisitor: actionProcedure("visitors.erase")
    .input(websiteParams.extend(eraseVisitorParams.shape))
    .mutation(({ ctx, input }) =>
      eraseVisitor({
        principal: ctx.principal,
        origin: ctx.origin,
        websiteId: input.websiteId,
        visitorId: input.visitorId,
      }),
    ),
});
