"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

/** Whether the account's email address is verified, and a new verification link when it is not. */
export function EmailVerification() {
  const trpc = useTRPC();
  const status = useQuery(trpc.emailVerification.status.queryOptions());
  const resend = useMutation(
    trpc.emailVerification.resend.mutationOptions({ onSuccess: ({ message }) => toast.success(message) }),
  );
  if (!status.data) return null;
  return (
    <section aria-labelledby="email-verification" className="mt-10 max-w-md">
      <h2 id="email-verification" className="text-lg font-semibold">
        Email address
      </h2>
      {status.data.verified ? (
        <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{status.data.email} is verified.</p>
      ) : (
        <div className="mt-2 space-y-3">
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            {status.data.email} is not verified yet: open the link we emailed you. Until then you cannot join a
            website's team or sign in with GitHub or Google.
          </p>
          {resend.error ? <ErrorNote>{humanError(resend.error)}</ErrorNote> : null}
          <Button variant="secondary" pending={resend.isPending} onClick={() => resend.mutate()}>
            Resend verification email
          </Button>
        </div>
      )}
    </section>
  );
}
