"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { ErrorNote } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

const LINK = "font-medium text-indigo-700 underline dark:text-indigo-300";

/** Confirms the link's token for the signed-in user as soon as the page opens (once). */
export function VerifyEmail({ token, next }: { token: string; next: string }) {
  const trpc = useTRPC();
  const verify = useMutation(trpc.emailVerification.verify.mutationOptions());
  const started = useRef(false);
  const { mutate } = verify;
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    mutate({ token });
  }, [mutate, token]);

  if (verify.isSuccess) return <Verified email={verify.data.email} next={next} />;
  return (
    <div>
      <h1 className="text-2xl font-semibold">Verify your email address</h1>
      {verify.isError ? (
        <div className="mt-4 space-y-4">
          <ErrorNote>{humanError(verify.error)}</ErrorNote>
          <p className="text-sm">
            <Link href="/account" className={LINK}>
              Go to your Account page
            </Link>
          </p>
        </div>
      ) : (
        <p role="status" className="mt-4 text-zinc-700 dark:text-zinc-300">
          Verifying…
        </p>
      )}
    </div>
  );
}

export function Verified({ email, next }: { email: string; next: string }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold">Email address verified</h1>
      <p role="status" className="mt-4 text-zinc-700 dark:text-zinc-300">
        <strong>{email}</strong> is verified.
      </p>
      <p className="mt-6">
        <Link
          href={next}
          className="inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
        >
          Continue
        </Link>
      </p>
    </div>
  );
}
