// The signed-in user's profile and sign-up.
import { updateAccountBody } from "@keygate/core/contracts";
import { z } from "zod";
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
    const user = await createUser({ actor: { kind: "ops" }, origin: ctx.origin, ...input });
    return { email: user.email };
  }),
});
