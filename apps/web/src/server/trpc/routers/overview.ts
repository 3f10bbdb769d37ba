// A website's Overview: headline numbers, the chart, realtime and top lists. Members read it in the
// dashboard; anyone reads it at /share/{websiteId} while the public dashboard is on — the action
// table's "analytics.overview" entry, decided by the policy engine.
import { overviewBreakdownInput, overviewInput, websiteParams } from "@keygate/core/contracts";
import {
  firstEventReceived,
  overviewBreakdown,
  overviewRealtime,
  overviewSite,
  overviewSummary,
} from "../../services/dashboard/overview";
import { actionProcedure, publicActionProcedure, router } from "../init";

export const overviewRouter = router({
  site: publicActionProcedure("analytics.overview")
    .input(websiteParams)
    .query(({ input }) => overviewSite(input)),
  summary: publicActionProcedure("analytics.overview")
    .input(overviewInput)
    .query(({ input }) => overviewSummary(input)),
  breakdown: publicActionProcedure("analytics.overview")
    .input(overviewBreakdownInput)
    .query(({ input }) => overviewBreakdown(input)),
  realtime: publicActionProcedure("analytics.overview")
    .input(websiteParams)
    .query(({ input }) => overviewRealtime(input)),
  /** The install panel's signal; members only. */
  firstEvent: actionProcedure("analytics.read")
    .input(websiteParams)
    .query(({ input }) => firstEventReceived(input)),
});
