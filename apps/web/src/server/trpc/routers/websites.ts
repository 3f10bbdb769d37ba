// Websites in the dashboard: the list, one website with what the caller may do there, creation,
// settings and deletion (an owner's, confirmed with the domain).
import {
  auditLogQuery,
  createWebsiteBody,
  deleteWebsiteBody,
  updateWebsiteBody,
  websiteParams,
} from "@keygate/core/contracts";
import { ACTIONS, authorize, effectivePermissions } from "@keygate/core/policy";
import { listAuditEvents } from "../../services/audit";
import { deleteWebsite } from "../../services/delete-website";
import { createWebsite, getWebsite, listWebsites, updateWebsite } from "../../services/websites";
import { actionProcedure, router } from "../init";

export const websitesRouter = router({
  list: actionProcedure("websites.list").query(({ ctx }) => listWebsites({ principal: ctx.principal })),
  get: actionProcedure("websites.read")
    .input(websiteParams)
    .query(async ({ ctx, input }) => {
      const { websiteId } = input;
      const website = await getWebsite({ websiteId, role: ctx.role });
      const permissions = [...effectivePermissions(ctx.principal, websiteId, ctx.role)].sort();
      const canDelete = authorize({
        principal: ctx.principal,
        access: ACTIONS["websites.delete"],
        websiteId,
        role: ctx.role,
      }).allowed;
      return { ...website, permissions, canDelete };
    }),
  create: actionProcedure("websites.create")
    .input(createWebsiteBody)
    .mutation(({ ctx, input }) => createWebsite({ principal: ctx.principal, origin: ctx.origin, ...input })),
  update: actionProcedure("websites.update")
    .input(websiteParams.extend({ changes: updateWebsiteBody }))
    .mutation(({ ctx, input }) =>
      updateWebsite({
        principal: ctx.principal,
        origin: ctx.origin,
        websiteId: input.websiteId,
        role: ctx.role,
        changes: input.changes,
      }),
    ),
  delete: actionProcedure("websites.delete")
    .input(websiteParams.extend(deleteWebsiteBody.shape))
    .mutation(({ ctx, input }) => deleteWebsite({ principal: ctx.principal, origin: ctx.origin, ...input })),
  auditLog: actionProcedure("auditLog.read")
    .input(websiteParams.extend(auditLogQuery.shape))
    .query(({ input }) => listAuditEvents(input)),
});
