import type { Metadata } from "next";
import Link from "next/link";
import { safeCallback } from "@/lib/safe-callback";
import { currentUser } from "@/server/auth/session";
import { verificationStatus } from "@/server/services/email-verification";
import { Verified, VerifyEmail } from "./verify-email";

export const metadata: Metadata = { title: "Verify your email address" };

const LINK = "font-medium text-indigo-700 underline dark:text-indigo-300";

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { token, callbackUrl } = await searchParams;
  const next = safeCallback(callbackUrl);
  if (!token) {
    return (
      <div>
        <h1 className="text-2xl font-semibold">Verify your email address</h1>
        <p className="mt-4 text-zinc-700 dark:text-zinc-300">
          This link is incomplete. Open the link from the email again, or send a new one from your{" "}
          <Link href="/account" className={LINK}>
            Account page
          </Link>
          .
        </p>
      </div>
    );
  }
  const userId = (await currentUser())?.id;
  if (!userId) {
    // The link works only for whoever knows the account's password: opening it proves the mailbox,
    // signing in proves the password, and together they show both belong to one person.
    const here = `/verify-email?token=${encodeURIComponent(token)}&callbackUrl=${encodeURIComponent(next)}`;
    return (
      <div>
        <h1 className="text-2xl font-semibold">Verify your email address</h1>
        <p className="mt-4 text-zinc-700 dark:text-zinc-300">
          Sign in with the account's password to finish verifying its email address.
        </p>
        <p className="mt-6">
          <Link
            href={`/signin?callbackUrl=${encodeURIComponent(here)}`}
            className="inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          >
            Sign in to verify
          </Link>
        </p>
      </div>
    );
  }
  const status = await verificationStatus({ principal: { kind: "session", userId } }).catch(() => null);
  if (status?.verified) return <Verified email={status.email} next={next} />;
  return <VerifyEmail token={token} next={next} />;
}
