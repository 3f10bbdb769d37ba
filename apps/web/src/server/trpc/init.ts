// tRPC for the dashboard. Procedures are thin: a contract from @keygate/core, an action from the
// shared ACTIONS table (checked by the same policy engine as REST), one service call.
import { AppError, ERRORS } from "@keygate/core";
import {
  ACTIONS,
  type Action,
  ANONYMOUS,
  type Caller,
  type Role,
  type RoleFor,
  type SessionPrincipal,
} from "@keygate/core/policy";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { env } from "../../env";
import { accessChanged } from "../auth/access-cache";
import { requireAccess } from "../auth/require-access";
import { internalErrorMessage, knownError } from "../rest/errors";
import type { RequestOrigin } from "../services/context";

export interface TrpcContext {
  principal: SessionPrincipal | null;
  origin: RequestOrigin;
  /** The request's Origin header, for the CSRF check on mutations. */
  requestOrigin: string | null;
  /** Our own origin as this request reached us (scheme, host and port); see `handler.ts`. */
  ownOrigin: string | null;
  /** Quoted in the message of an internal error and in the log line about it. */
  requestId: string;
}

/** The tRPC error a service's AppError (or a database refusal) stands for, with the same message. */
export function toTrpcError(error: AppError): TRPCError {
  return new TRPCError({ code: ERRORS[error.code].trpc, message: error.message, cause: error });
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error, ctx }) {
    if (error.code === "INTERNAL_SERVER_ERROR") {
      // A bug: the client learns the request id, never the cause (that goes to the log).
      const { stack: _stack, ...data } = shape.data;
      return { ...shape, message: internalErrorMessage(ctx?.requestId), data: { ...data, status: 500 } };
    }
    const cause = error.cause;
    const details =
      cause instanceof z.ZodError
        ? cause.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
        : cause instanceof AppError
          ? cause.details
          : undefined;
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, data: { ...data, status: cause instanceof AppError ? cause.status : undefined, details } };
  },
});

/** AppError from a service, or a database refusal → the tRPC error with the same meaning and message. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && !(result.error.cause instanceof z.ZodError)) {
    const known = knownError(result.error.cause);
    if (known) throw toTrpcError(known);
  }
  return result;
});

/** Origins our pages are served from: the configured public URL, and this request's own origin. */
function isOwnOrigin(origin: string | null, ownOrigin: string | null): boolean {
  if (!origin || origin === "null") return false;
  return origin === ownOrigin || origin === new URL(env.AUTH_URL).origin;
}

/** Mutations must come from our own pages: same-site cookies plus an Origin check (scheme, host and port). */
const sameOrigin = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && !isOwnOrigin(ctx.requestOrigin, ctx.ownOrigin)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site request refused" });
  }
  return next();
});

/** A mutation may narrow access (revoke, demote, suspend…): this instance forgets what it cached before answering. */
const forgetAccessAfterWrites = t.middleware(async ({ type, next }) => {
  try {
    return await next();
  } finally {
    if (type === "mutation") accessChanged();
  }
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors).use(sameOrigin).use(forgetAccessAfterWrites);

export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});

const websiteInput = z.object({ websiteId: z.string() });

/** Asks the policy engine about `action` for `principal`; the website comes from the input. */
async function accessFor(action: Action, principal: Caller, getRawInput: () => Promise<unknown>): Promise<Role | null> {
  const access = ACTIONS[action];
  let websiteId: string | undefined;
  if (access.scope === "website") {
    const parsed = websiteInput.safeParse(await getRawInput());
    if (!parsed.success) throw new TRPCError({ code: "BAD_REQUEST", message: "websiteId is required" });
    websiteId = parsed.data.websiteId;
  }
  try {
    return await requireAccess(principal, access, websiteId);
  } catch (error) {
    if (error instanceof AppError) throw toTrpcError(error);
    throw error;
  }
}

/**
 * A procedure that performs `action`. Website-scoped actions read `websiteId` from the input and
 * expose the caller's role on it as `ctx.role`.
 */
export function actionProcedure<A extends Action>(action: A) {
  return signedInProcedure.use(async ({ ctx, getRawInput, next }) => {
    const role = await accessFor(action, ctx.principal, getRawInput);
    // The policy engine only allows a (non-public) website action to a caller with a role there.
    if (ACTIONS[action].scope === "website" && role === null) throw new Error(`${action}: allowed without a role`);
    return next({ ctx: { ...ctx, role: role as RoleFor<(typeof ACTIONS)[A]> } });
  });
}

type PublicAction = { [A in Action]: (typeof ACTIONS)[A] extends { public: true } ? A : never }[Action];

/**
 * A procedure for an action the table opens to the public while a website's public dashboard is on:
 * a visitor without a session is the anonymous principal, and the policy engine decides.
 */
export function publicActionProcedure(action: PublicAction) {
  return publicProcedure.use(async ({ ctx, getRawInput, next }) => {
    const caller: Caller = ctx.principal ?? ANONYMOUS;
    const role = await accessFor(action, caller, getRawInput);
    return next({ ctx: { ...ctx, caller, role } });
  });
}
