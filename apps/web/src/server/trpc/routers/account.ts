// The signed-in user's profile, password, sessions and two-factor sign-in, and sign-up.
import { AppError } from "@keygate/core";
import { changePasswordBody, endSessionBody, newPassword, updateAccountBody } from "@keygate/core/contracts";
import { z } from "zod";
import { consume } from "../../rate-limit";
import { getAccount, updateAccount } from "../../services/account";
import { changePassword } from "../../services/password";
import { endAllSessions, endSession, listSessions } from "../../services/sessions";
import { signUp } from "../../services/sign-up";
import { actionProcedure, publicProcedure, router } from "../init";
import { twoFactorRouter } from "./two-factor";

export const signUpInput = z
  .object({
    email: z.email("Enter a valid email address").max(254),
    password: newPassword,
    name: z.string().trim().min(1).max(100).optional(),
    /** Where the mailed link leads back to afterwards (sanitized by the service). */
    callbackUrl: z.string().max(2000).optional(),
  })
  .strict();

export const accountRouter = router({
  get: actionProcedure("account.read").query(({ ctx }) => getAccount({ principal: ctx.principal })),
  update: actionProcedure("account.update")
    .input(updateAccountBody)
    .mutation(({ ctx, input }) => updateAccount({ principal: ctx.principal, origin: ctx.origin, name: input.name })),
  changePassword: actionProcedure("account.changePassword")
    .input(changePasswordBody)
    .mutation(({ ctx, input }) => changePassword({ principal: ctx.principal, origin: ctx.origin, ...input })),
  sessions: actionProcedure("sessions.list").query(({ ctx }) => listSessions({ principal: ctx.principal })),
  endSession: actionProcedure("sessions.end")
    .input(endSessionBody)
    .mutation(({ ctx, input }) => endSession({ principal: ctx.principal, origin: ctx.origin, ...input })),
  endAllSessions: actionProcedure("sessions.endAll").mutation(({ ctx }) =>
    endAllSessions({ principal: ctx.principal, origin: ctx.origin }),
  ),
  twoFactor: twoFactorRouter,
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    // Per address; with no known address (next start without a trusted proxy) there is none to count.
    const limit = ctx.origin.ip ? await consume("sign-up", ctx.origin.ip) : null;
    if (limit && !limit.allowed) {
      const minutes = Math.ceil(limit.resetSeconds / 60);
      throw new AppError(
        "rate_limited",
        `Too many accounts created from this address. Try again in ${minutes} minutes.`,
      );
    }
    // The same answer whether or not the address already has an account; the mail tells the owner.
    return signUp({ origin: ctx.origin, ...input });
  }),
});
