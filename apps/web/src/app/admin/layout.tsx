import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentUser } from "@/server/auth/session";
import { staffAccess } from "@/server/services/staff";

/**
 * Staff only; everyone else gets a 404, as if the console did not exist. Staff without two-factor
 * sign-in are sent to the Account page to turn it on.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const userId = (await currentUser())?.id;
  const access = userId ? await staffAccess(userId) : "none";
  if (access === "none") notFound();
  if (access === "needs_two_factor") redirect("/account?twoFactor=required");
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-zinc-900 text-white dark:border-zinc-800">
        <div className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-3">
          <Link href="/admin" className="font-bold">
            Keygate admin
          </Link>
          <Link href="/websites" className="text-sm underline">
            Back to the dashboard
          </Link>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </div>
  );
}
