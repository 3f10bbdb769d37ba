// Two-factor sign-in on the Account page: status, set-up (password first), confirmation, removal.
import { beginTwoFactorBody, disableTwoFactorBody, enableTwoFactorBody } from "@keygate/core/contracts";
import { beginTwoFactor, disableTwoFactor, enableTwoFactor, twoFactorStatus } from "../../services/two-factor";
import { actionProcedure, router } from "../init";

export const twoFactorRouter = router({
  status: actionProcedure("twoFactor.read").query(({ ctx }) => twoFactorStatus({ principal: ctx.principal })),
  begin: actionProcedure("twoFactor.begin")
    .input(beginTwoFactorBody)
    .mutation(({ ctx, input }) => beginTwoFactor({ principal: ctx.principal, origin: ctx.origin, ...input })),
  enable: actionProcedure("twoFactor.enable")
    .input(enableTwoFactorBody)
    .mutation(({ ctx, input }) => enableTwoFactor({ principal: ctx.principal, origin: ctx.origin, ...input })),
  disable: actionProcedure("twoFactor.disable")
    .input(disableTwoFactorBody)
    .mutation(({ ctx, input }) => disableTwoFactor({ principal: ctx.principal, origin: ctx.origin, ...input })),
});
