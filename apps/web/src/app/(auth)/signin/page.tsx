import type { Metadata } from "next";
import { safeCallback } from "@/lib/safe-callback";
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
