import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/server/auth/session";
import { AcceptInvitation } from "./accept-invitation";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const user = await currentUser();
  const back = encodeURIComponent(`/invite/${secret}`);
  return (
    <main className="mx-auto max-w-lg px-6 py-16">
      {user ? (
        <AcceptInvitation secret={secret} email={user.email ?? ""} />
      ) : (
        <section>
          <h1 className="text-2xl font-semibold">You're invited</h1>
          <p className="mt-2 text-zinc-700 dark:text-zinc-300">
            Sign in, or create an account, with the email the invitation was sent to.
          </p>
          <div className="mt-6 flex gap-3">
            <Link
              href={`/signin?callbackUrl=${back}`}
              className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
            >
              Sign in
            </Link>
            <Link
              href={`/signup?callbackUrl=${back}`}
              className="rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium dark:border-zinc-700"
            >
              Create an account
            </Link>
          </div>
        </section>
      )}
    </main>
  );
}
