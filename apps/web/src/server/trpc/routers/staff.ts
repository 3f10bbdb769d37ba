// The internal admin console. Anyone who is not staff gets NOT_FOUND, as if it did not exist; staff
// without two-factor sign-in get FORBIDDEN.
import { objectId } from "@keygate/core/contracts";
import { z } from "zod";
import { listAuditEvents } from "../../services/audit";
import { listLeakEvents } from "../../services/leak-reports";
import { liveSessions, staffEndSessions } from "../../services/sessions";
import {
  recordStaffView,
  requireStaff,
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
  await requireStaff(ctx.principal.userId);
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
    const [overview, sessions] = await Promise.all([userOverview(input), liveSessions(input)]);
    await recordStaffView({ ...viewer(ctx), action: "staff.user_viewed", target: { type: "user", id: input.userId } });
    // Staff see where and when, never the session ids themselves.
    return { ...overview, sessions: sessions.map(({ id: _id, current: _current, ...session }) => session) };
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
  // Keys and tokens that secret-scanning partners reported as leaked (revoked on receipt), newest first.
  leaks: staffProcedure.query(() => listLeakEvents({ limit: 100 })),
  revokeApiKey: staffProcedure
    .input(z.object({ apiKeyId: objectId }))
    .mutation(({ ctx, input }) => staffRevokeApiKey({ staffUserId: ctx.staffUserId, origin: ctx.origin, ...input })),
  revokeAccessToken: staffProcedure
    .input(z.object({ tokenId: objectId }))
    .mutation(({ ctx, input }) =>
      staffRevokeAccessToken({ staffUserId: ctx.staffUserId, origin: ctx.origin, ...input }),
    ),
  endUserSessions: staffProcedure
    .input(z.object({ userId: objectId }))
    .mutation(({ ctx, input }) => staffEndSessions({ staffUserId: ctx.staffUserId, origin: ctx.origin, ...input })),
  setApiSuspended: staffProcedure
    .input(z.object({ websiteId: objectId, suspended: z.boolean() }))
    .mutation(({ ctx, input }) => setApiSuspended({ staffUserId: ctx.staffUserId, origin: ctx.origin, ...input })),
});
