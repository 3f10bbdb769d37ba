import type { Metadata } from "next";
import { OAUTH_PROVIDERS } from "@/server/auth/options";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { callbackUrl, error } = await searchParams;
  return <SignInForm callbackUrl={safeCallback(callbackUrl)} initialError={error} providers={OAUTH_PROVIDERS} />;
}

/** Only same-site paths: never send a freshly signed-in user to another origin. */
function safeCallback(value: string | undefined): string {
  return value?.startsWith("/") && !value.startsWith("//") ? value : "/websites";
}
