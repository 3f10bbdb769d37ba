// A website's team in the dashboard: members, invitations and the owner's tools.
import { changeRoleBody, inviteMemberBody, removeMemberBody, websiteParams } from "@keygate/core/contracts";
import { z } from "zod";
import { env } from "../../../env";
import {
  acceptInvitation,
  cancelInvitation,
  changeRole,
  inviteMember,
  leaveWebsite,
  listInvitations,
  listMembers,
  removeMember,
  resendInvitation,
  transferOwnership,
} from "../../services/team";
import { actionProcedure, router, signedInProcedure } from "../init";

const invitationParams = websiteParams.extend({ invitationId: z.string().length(24) });

export const teamRouter = router({
  list: actionProcedure("team.list")
    .input(websiteParams)
    .query(({ input }) => listMembers(input)),
  invitations: actionProcedure("team.invite")
    .input(websiteParams)
    .query(({ input }) => listInvitations(input)),
  invite: actionProcedure("team.invite")
    .input(websiteParams.extend(inviteMemberBody.shape))
    .mutation(({ ctx, input }) =>
      inviteMember({ principal: ctx.principal, origin: ctx.origin, ...input, baseUrl: env.AUTH_URL }),
    ),
  resend: actionProcedure("team.invite")
    .input(invitationParams)
    .mutation(({ ctx, input }) =>
      resendInvitation({ principal: ctx.principal, origin: ctx.origin, ...input, baseUrl: env.AUTH_URL }),
    ),
  cancel: actionProcedure("team.invite")
    .input(invitationParams)
    .mutation(({ ctx, input }) => cancelInvitation({ principal: ctx.principal, origin: ctx.origin, ...input })),
  remove: actionProcedure("team.remove")
    .input(websiteParams.extend(removeMemberBody.shape))
    .mutation(({ ctx, input }) => removeMember({ principal: ctx.principal, origin: ctx.origin, ...input })),
  changeRole: actionProcedure("team.changeRole")
    .input(websiteParams.extend(changeRoleBody.shape))
    .mutation(({ ctx, input }) => changeRole({ principal: ctx.principal, origin: ctx.origin, ...input })),
  transfer: actionProcedure("team.transfer")
    .input(websiteParams.extend(removeMemberBody.shape))
    .mutation(({ ctx, input }) => transferOwnership({ principal: ctx.principal, origin: ctx.origin, ...input })),
  leave: actionProcedure("team.leave")
    .input(websiteParams)
    .mutation(({ ctx, input }) => leaveWebsite({ principal: ctx.principal, origin: ctx.origin, ...input })),
  accept: signedInProcedure
    .input(z.object({ secret: z.string().min(10).max(100) }))
    .mutation(({ ctx, input }) =>
      acceptInvitation({ principal: ctx.principal, origin: ctx.origin, secret: input.secret }),
    ),
});
