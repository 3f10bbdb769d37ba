// Team: GET/POST/PUT/DELETE /admin/websites/{websiteId}/team.
import {
  changeRoleBody,
  invitationResponse,
  inviteMemberBody,
  messageResponse,
  removeMemberBody,
  teamMemberResponse,
  websiteParams,
} from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { env } from "../../../env";
import { changeRole, inviteMember, listMembers, removeMember } from "../../services/team";
import { defineRoute } from "../define";
import { userPrincipal } from "../user-principal";

const tag = "Team";

export const teamRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/websites/{websiteId}/team",
    summary: "List team members",
    tag,
    access: ACTIONS["team.list"],
    params: websiteParams,
    response: teamMemberResponse,
    handler: ({ params }) => listMembers(params),
  }),
  defineRoute({
    method: "post",
    path: "/admin/websites/{websiteId}/team",
    summary: "Invite a team member",
    description:
      "Owner only. Never invites an owner. 409 when the email is already a member or invited. The invitation link (valid 7 days, single use) is returned once in `inviteUrl`.",
    tag,
    access: ACTIONS["team.invite"],
    params: websiteParams,
    body: inviteMemberBody,
    response: invitationResponse,
    errors: ["conflict"],
    handler: ({ principal, origin, params, body }) =>
      inviteMember({ principal: userPrincipal(principal), origin, ...params, ...body, baseUrl: env.AUTH_URL }),
  }),
  defineRoute({
    method: "put",
    path: "/admin/websites/{websiteId}/team",
    summary: "Change a member's role",
    description:
      'Owner only. `role` is "member" or "viewer"; ownership moves with a transfer in the dashboard. 404 when the user is not a member.',
    tag,
    access: ACTIONS["team.changeRole"],
    params: websiteParams,
    body: changeRoleBody,
    response: messageResponse,
    errors: ["not_found"],
    handler: ({ principal, origin, params, body }) =>
      changeRole({ principal: userPrincipal(principal), origin, ...params, ...body }),
  }),
  defineRoute({
    method: "delete",
    path: "/admin/websites/{websiteId}/team",
    summary: "Remove a team member",
    description:
      "Owner only. 400 when removing yourself; 404 when the user is not a member. With `revokeKeys: true` the " +
      "website keys the member created are revoked in the same step (the message says how many).",
    tag,
    access: ACTIONS["team.remove"],
    params: websiteParams,
    body: removeMemberBody,
    response: messageResponse,
    errors: ["not_found"],
    handler: async ({ principal, origin, params, body }) => {
      const { message } = await removeMember({ principal: userPrincipal(principal), origin, ...params, ...body });
      return { message };
    },
  }),
];
