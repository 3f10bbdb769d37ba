import type { Metadata } from "next";
import { safeCallback } from "@/lib/safe-callback";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { callbackUrl, error } = await searchParams;
  return <SignUpForm callbackUrl={safeCallback(callbackUrl)} initialError={error} />;
}
