// tRPC for the dashboard. Procedures are thin: a contract from @keygate/core, an action from the
// shared ACTIONS table (checked by the same policy engine as REST), one service call.
import { AppError } from "@keygate/core";
import { ACTIONS, type Action, ANONYMOUS, type Caller, type Role, type SessionPrincipal } from "@keygate/core/policy";
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { z } from "zod";
import { accessChanged } from "../auth/access-cache";
import { requireAccess } from "../auth/require-access";
import type { RequestOrigin } from "../services/context";

export interface TrpcContext {
  principal: SessionPrincipal | null;
  origin: RequestOrigin;
  /** The request's Origin and Host headers, for the CSRF check on mutations. */
  requestOrigin: string | null;
  host: string | null;
}

const CODES: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  429: "TOO_MANY_REQUESTS",
};

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const details =
      cause instanceof z.ZodError
        ? cause.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
        : undefined;
    return {
      ...shape,
      data: { ...shape.data, status: error.cause instanceof AppError ? error.cause.status : undefined, details },
    };
  },
});

/** AppError from a service → the tRPC error with the same meaning and message. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: CODES[cause.status] ?? "INTERNAL_SERVER_ERROR", message: cause.message, cause });
  }
  return result;
});

function isSameOrigin(origin: string | null, host: string | null): boolean {
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Mutations must come from our own pages: same-site cookies plus an Origin check. */
const sameOrigin = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && !isSameOrigin(ctx.requestOrigin, ctx.host)) {
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
    if (error instanceof AppError)
      throw new TRPCError({ code: CODES[error.status] ?? "FORBIDDEN", message: error.message, cause: error });
    throw error;
  }
}

/**
 * A procedure that performs `action`. Website-scoped actions read `websiteId` from the input and
 * expose the caller's role on it as `ctx.role`.
 */
export function actionProcedure(action: Action) {
  return signedInProcedure.use(async ({ ctx, getRawInput, next }) => {
    const role = await accessFor(action, ctx.principal, getRawInput);
    return next({ ctx: { ...ctx, role } });
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
