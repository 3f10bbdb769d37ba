// The internal admin console. Anyone who is not staff gets NOT_FOUND, as if it did not exist.
import { objectId } from "@keygate/core/contracts";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { listAuditEvents } from "../../services/audit";
import {
  isStaff,
  search,
  setApiSuspended,
  staffRevokeAccessToken,
  staffRevokeApiKey,
  userOverview,
  websiteOverview,
} from "../../services/staff";
import { router, signedInProcedure } from "../init";

const staffProcedure = signedInProcedure.use(async ({ ctx, next }) => {
  if (!(await isStaff(ctx.principal.userId))) throw new TRPCError({ code: "NOT_FOUND", message: "Not found" });
  return next({ ctx: { ...ctx, staffUserId: ctx.principal.userId } });
});

export const staffRouter = router({
  search: staffProcedure.input(z.object({ query: z.string().max(200) })).query(({ input }) => search(input)),
  website: staffProcedure.input(z.object({ websiteId: objectId })).query(({ input }) => websiteOverview(input)),
  user: staffProcedure.input(z.object({ userId: objectId })).query(({ input }) => userOverview(input)),
  auditLog: staffProcedure
    .input(z.object({ websiteId: objectId }))
    .query(({ input }) => listAuditEvents({ websiteId: input.websiteId, limit: 50 })),
  revokeApiKey: staffProcedure
    .input(z.object({ apiKeyId: objectId }))
    .mutation(({ ctx, input }) => staffRevokeApiKey({ staffUserId: ctx.staffUserId, origin: ctx.origin, ...input })),
  revokeAccessToken: staffProcedure
    .input(z.object({ tokenId: objectId }))
    .mutation(({ ctx, input }) =>
      staffRevokeAccessToken({ staffUserId: ctx.staffUserId, origin: ctx.origin, ...input }),
    ),
  setApiSuspended: staffProcedure
    .input(z.object({ websiteId: objectId, suspended: z.boolean() }))
    .mutation(({ ctx, input }) => setApiSuspended({ staffUserId: ctx.staffUserId, origin: ctx.origin, ...input })),
});
