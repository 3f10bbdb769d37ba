// The internal admin console. Anyone who is not staff gets NOT_FOUND, as if it did not exist.
import { objectId } from "@keygate/core/contracts";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { listAuditEvents } from "../../services/audit";
import {
  isStaff,
  recordStaffView,
  type StaffWrite,
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

const viewer = (ctx: { staffUserId: string; origin: StaffWrite["origin"] }): StaffWrite => ({
  staffUserId: ctx.staffUserId,
  origin: ctx.origin,
});

export const staffRouter = router({
  search: staffProcedure.input(z.object({ query: z.string().max(200) })).query(({ input }) => search(input)),
  website: staffProcedure.input(z.object({ websiteId: objectId })).query(async ({ ctx, input }) => {
    const overview = await websiteOverview(input);
    await recordStaffView({
      ...viewer(ctx),
      action: "staff.website_viewed",
      target: { type: "website", id: input.websiteId },
      websiteId: input.websiteId,
    });
    return overview;
  }),
  user: staffProcedure.input(z.object({ userId: objectId })).query(async ({ ctx, input }) => {
    const overview = await userOverview(input);
    await recordStaffView({ ...viewer(ctx), action: "staff.user_viewed", target: { type: "user", id: input.userId } });
    return overview;
  }),
  auditLog: staffProcedure.input(z.object({ websiteId: objectId })).query(async ({ ctx, input }) => {
    const page = await listAuditEvents({ websiteId: input.websiteId, limit: 50 });
    await recordStaffView({
      ...viewer(ctx),
      action: "staff.audit_log_viewed",
      target: { type: "website", id: input.websiteId },
      websiteId: input.websiteId,
    });
    return page;
  }),
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
