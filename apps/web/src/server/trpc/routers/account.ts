// The signed-in user's profile and sign-up.
import { AppError } from "@keygate/core";
import { updateAccountBody } from "@keygate/core/contracts";
import { z } from "zod";
import { consume } from "../../rate-limit";
import { getAccount, updateAccount } from "../../services/account";
import { createUser } from "../../services/users";
import { actionProcedure, publicProcedure, router } from "../init";

export const signUpInput = z
  .object({
    email: z.email("Enter a valid email address").max(254),
    password: z.string().min(8, "Use at least 8 characters").max(200),
    name: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export const accountRouter = router({
  get: actionProcedure("account.read").query(({ ctx }) => getAccount({ principal: ctx.principal })),
  update: actionProcedure("account.update")
    .input(updateAccountBody)
    .mutation(({ ctx, input }) => updateAccount({ principal: ctx.principal, origin: ctx.origin, name: input.name })),
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
    const user = await createUser({ actor: { kind: "ops" }, origin: ctx.origin, ...input });
    return { email: user.email };
  }),
});
