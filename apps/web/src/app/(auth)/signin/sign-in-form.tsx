"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";

/** What the server answers a password alone for an account with two-factor sign-in (right or wrong alike). */
const TWO_FACTOR_REQUIRED = "TwoFactorRequired";

const ERRORS: Record<string, string> = {
  CredentialsSignin: "Incorrect email or password",
  [TWO_FACTOR_REQUIRED]: "Enter the code from your authenticator app, or a recovery code.",
  OAuthAccountNotLinked: "Sign in with the method you used before.",
  ScriptRequired: "This page needs JavaScript to sign you in. Nothing was sent; reload the page and try again.",
};

export function SignInForm({
  callbackUrl,
  initialError,
  providers,
}: {
  callbackUrl: string;
  initialError?: string;
  providers: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ? (ERRORS[initialError] ?? initialError) : null);
  const [pending, setPending] = useState(false);
  // Second step: the email and password are kept here (never in the page) and sent again with the code.
  const [firstStep, setFirstStep] = useState<{ email: string; password: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const credentials = firstStep ?? { email: String(form.get("email")), password: String(form.get("password")) };
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      ...credentials,
      ...(firstStep ? { code: String(form.get("code") ?? "") } : {}),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) {
      router.push(callbackUrl);
      router.refresh();
    } else if (result?.error === TWO_FACTOR_REQUIRED && !firstStep) {
      setFirstStep(credentials);
    } else {
      setError(ERRORS[result?.error ?? ""] ?? result?.error ?? "Sign-in failed. Try again.");
    }
  }

  function startOver() {
    setFirstStep(null);
    setError(null);
  }

  return (
    <div>
      <h1 className="text-2xl font-semibold">Sign in</h1>
      {/* method and action matter before hydration: the password must never end up in a URL. */}
      <form method="post" action="/api/no-script" onSubmit={submit} className="mt-6 space-y-4" noValidate>
        {firstStep ? (
          <>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Two-factor sign-in is on for this account. Enter the 6-digit code from your authenticator app, or one of
              your recovery codes.
            </p>
            <Field
              key="code"
              label="Code"
              name="code"
              autoComplete="one-time-code"
              autoCapitalize="off"
              spellCheck={false}
              maxLength={32}
              required
              autoFocus
            />
          </>
        ) : (
          <>
            <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus />
            <Field label="Password" name="password" type="password" autoComplete="current-password" required />
          </>
        )}
        {error ? <ErrorNote>{error}</ErrorNote> : null}
        <Button type="submit" pending={pending} className="w-full">
          {firstStep ? "Verify" : "Sign in"}
        </Button>
        {firstStep ? (
          <Button variant="ghost" className="w-full" onClick={startOver}>
            Back to email and password
          </Button>
        ) : null}
      </form>
      {providers.length > 0 ? (
        <div className="mt-6 space-y-2">
          {providers.map((provider) => (
            <Button
              key={provider.id}
              variant="secondary"
              className="w-full"
              onClick={() => signIn(provider.id, { callbackUrl })}
            >
              Continue with {provider.name}
            </Button>
          ))}
        </div>
      ) : null}
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        New to Keygate?{" "}
        <Link href="/signup" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Create an account
        </Link>
      </p>
    </div>
  );
}
