// websites team list | invite | set-role | remove: who may see or change a website.
import {
  changeRoleBody,
  type invitationResponse,
  inviteMemberBody,
  removeMemberBody,
  type TeamMember,
} from "@keygate/core/contracts";
import type { Command } from "commander";
import type { z } from "zod";
import type { Context } from "../context";
import type { Io } from "../io";
import { act } from "../lib/action";
import { path } from "../lib/api";
import { emit, note, printRecord, printTable, write } from "../lib/output";
import { askText, confirmOrStop } from "../lib/prompts";
import { idOrChoose, websiteForPath } from "../lib/resolve";
import { parseInput } from "../lib/validate";

type Invitation = z.infer<typeof invitationResponse>;

const WEBSITE_ARG = "default: --website, KEYGATE_WEBSITE or the config's website";
const teamPath = (websiteId: string) => path`/admin/websites/${websiteId}/team`;

function chooseMember(ctx: Context, websiteId: string, given: string | undefined) {
  return idOrChoose(ctx, given, {
    flag: "<userId>",
    message: "Which member?",
    load: () => ctx.api.get<TeamMember[]>(teamPath(websiteId)),
    choice: (member) => ({ value: member.userId, label: member.email, hint: member.role }),
  });
}

export function registerTeam(websites: Command, io: Io): void {
  const team = websites.command("team").description("The website's members (owner, member, viewer)");

  team
    .command("list")
    .description("Members and their roles")
    .argument("[websiteId]", WEBSITE_ARG)
    .action(
      act(io, async (ctx, [given]) => {
        const rows = await ctx.api.get<TeamMember[]>(teamPath(await websiteForPath(ctx, given)));
        emit(ctx, rows, () => printTable(ctx, rows, ["userId", "email", "name", "role", "joinedAt"]));
      }),
    );

  team
    .command("invite")
    .description("Invite someone by email (owners only); the link is shown once")
    .argument("[websiteId]", WEBSITE_ARG)
    .option("--email <email>", "who to invite")
    .option("--role <role>", "member or viewer", "viewer")
    .action(
      act<{ email?: string; role: string }>(io, async (ctx, [given], options) => {
        const email = options.email ?? (await askText(io, { flag: "--email", message: "Email to invite" }));
        const body = parseInput(inviteMemberBody, { email, role: options.role });
        const websiteId = await websiteForPath(ctx, given);
        const rows = await ctx.api.data<Invitation[]>("POST", teamPath(websiteId), { body });
        emit(ctx, rows, () => printRecord(ctx, rows[0] ?? {}));
        if (rows[0]?.inviteUrl && !ctx.json) note(ctx, "Send the invite link to them: it is shown once.");
      }),
    );

  team
    .command("set-role")
    .description("Change a member's role (owners only)")
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[userId]", "the member's userId (see team list)")
    .requiredOption("--role <role>", "member or viewer")
    .action(
      act<{ role: string }>(io, async (ctx, [givenSite, givenUser], options) => {
        const websiteId = await websiteForPath(ctx, givenSite);
        const userId = await chooseMember(ctx, websiteId, givenUser);
        const body = parseInput(changeRoleBody, { userId, role: options.role });
        const rows = await ctx.api.data<{ message: string }[]>("PUT", teamPath(websiteId), { body });
        emit(ctx, rows, () => write(ctx, rows[0]?.message ?? "Role changed."));
      }),
    );

  team
    .command("remove")
    .description("Remove a member (owners only; not yourself)")
    .argument("[websiteId]", WEBSITE_ARG)
    .argument("[userId]", "the member's userId (see team list)")
    .option("--revoke-keys", "also revoke the website keys (df_) this member created")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      act<{ yes?: boolean; revokeKeys?: boolean }>(io, async (ctx, [givenSite, givenUser], options) => {
        const websiteId = await websiteForPath(ctx, givenSite);
        const userId = await chooseMember(ctx, websiteId, givenUser);
        const body = parseInput(removeMemberBody, { userId, ...(options.revokeKeys ? { revokeKeys: true } : {}) });
        const also = options.revokeKeys ? " and revoke the website keys they created" : "";
        await confirmOrStop(io, { yes: options.yes, action: `remove member ${userId} from the website${also}` });
        const rows = await ctx.api.data<{ message: string }[]>("DELETE", teamPath(websiteId), { body });
        emit(ctx, rows, () => write(ctx, rows[0]?.message ?? "Removed."));
      }),
    );
}
