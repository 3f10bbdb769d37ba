// The dashboard's tRPC procedures called in-process, as a signed-in user (or nobody) would from
// Keygate's own pages, and the refusal a call ends in.
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { createCallerFactory } from "../src/server/trpc/init";
import { appRouter } from "../src/server/trpc/routers";

const createCaller = createCallerFactory(appRouter);

/** A caller for `userId` (null: signed out), from `origin` (null: no Origin header) and address `ip`. */
export function callerFor(userId: string | null, origin: string | null = "http://keygate.test", ip = "127.0.0.1") {
  return createCaller({
    principal: userId ? { kind: "session", userId } : null,
    origin: { ip, userAgent: "trpc-test" },
    requestOrigin: origin,
    ownOrigin: "http://keygate.test",
    requestId: "test-request",
  });
}

/** The TRPCError `promise` is refused with (fails the test when it succeeds). */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}
