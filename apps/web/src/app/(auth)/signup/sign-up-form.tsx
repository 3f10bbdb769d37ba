"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function SignUpForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const trpc = useTRPC();
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(
    initialError === "ScriptRequired"
      ? "This page needs JavaScript to create your account. Nothing was sent; reload the page and try again."
      : null,
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    const name = String(form.get("name") || "").trim() || undefined;
    setError(null);
    try {
      // The answer is the same whether or not the address already has an account: the mail says which.
      setSentTo((await signUp.mutateAsync({ email, password, name, callbackUrl })).email);
    } catch (failure) {
      setError(humanError(failure));
    }
  }

  if (sentTo) return <CheckYourEmail email={sentTo} callbackUrl={callbackUrl} />;
  const errors = fieldErrors(signUp.error);
  return (
    <div>
      <h1 className="text-2xl font-semibold">Create an account</h1>
      {/* method and action matter before hydration: the password must never end up in a URL. */}
      <form method="post" action="/api/no-script" onSubmit={submit} className="mt-6 space-y-4" noValidate>
        <Field label="Name" name="name" autoComplete="name" hint="Optional" />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters"
          error={errors.password}
        />
        {error && !errors.email && !errors.password ? <ErrorNote>{error}</ErrorNote> : null}
        <Button type="submit" pending={signUp.isPending} className="w-full">
          Create account
        </Button>
      </form>
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{" "}
        <Link href="/signin" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Sign in
        </Link>
      </p>
    </div>
  );
}

function CheckYourEmail({ email, callbackUrl }: { email: string; callbackUrl: string }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold">Check your email</h1>
      <p className="mt-4 text-zinc-700 dark:text-zinc-300">
        We sent a message to <strong>{email}</strong>. Open the link in it to verify your address and continue.
      </p>
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        Nothing arrived after a few minutes? Check your spam folder, or sign in and send a new link from your Account
        page.
      </p>
      <p className="mt-6 text-sm">
        <Link
          href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-medium text-indigo-700 underline dark:text-indigo-300"
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
