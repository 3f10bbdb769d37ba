// The signed-in user's email verification: its state, the link's confirmation, a new link.
import { z } from "zod";
import { resendVerification, verificationStatus, verifyEmail } from "../../services/email-verification";
import { actionProcedure, router } from "../init";

export const emailVerificationRouter = router({
  status: actionProcedure("account.read").query(({ ctx }) => verificationStatus({ principal: ctx.principal })),
  verify: actionProcedure("account.update")
    .input(z.object({ token: z.string().min(10).max(100) }).strict())
    .mutation(({ ctx, input }) => verifyEmail({ principal: ctx.principal, origin: ctx.origin, token: input.token })),
  resend: actionProcedure("account.update").mutation(({ ctx }) => resendVerification({ principal: ctx.principal })),
});
