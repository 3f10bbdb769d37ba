// Websites in the dashboard: the list, one website with what the caller may do there, creation.
import { auditLogQuery, createWebsiteBody, websiteParams } from "@keygate/core/contracts";
import { effectivePermissions } from "@keygate/core/policy";
import { listAuditEvents } from "../../services/audit";
import { createWebsite, getWebsite, listWebsites } from "../../services/websites";
import { actionProcedure, router } from "../init";

export const websitesRouter = router({
  list: actionProcedure("websites.list").query(({ ctx }) => listWebsites({ principal: ctx.principal })),
  get: actionProcedure("websites.read")
    .input(websiteParams)
    .query(async ({ ctx, input }) => {
      const website = await getWebsite({ websiteId: input.websiteId, role: ctx.role ?? "viewer" });
      const permissions = [...effectivePermissions(ctx.principal, input.websiteId, ctx.role)].sort();
      return { ...website, permissions };
    }),
  create: actionProcedure("websites.create")
    .input(createWebsiteBody)
    .mutation(({ ctx, input }) => createWebsite({ principal: ctx.principal, origin: ctx.origin, ...input })),
  auditLog: actionProcedure("auditLog.read")
    .input(websiteParams.extend(auditLogQuery.shape))
    .query(({ input }) => listAuditEvents(input)),
});
