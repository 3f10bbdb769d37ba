"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function SignUpForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
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
      await signUp.mutateAsync({ email, password, name });
    } catch (failure) {
      setError(humanError(failure));
      return;
    }
    const result = await signIn("credentials", { email, password, redirect: false });
    if (result?.ok && !result.error) {
      router.push(callbackUrl);
      router.refresh();
    } else {
      router.push("/signin");
    }
  }

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
