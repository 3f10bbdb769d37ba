import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { VerifyEmailBanner } from "@/components/verify-email-banner";
import { currentUser } from "@/server/auth/session";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/websites" className="font-bold">
            Keygate
          </Link>
          <nav aria-label="Main" className="flex flex-1 gap-4 text-sm">
            <Link href="/websites" className="hover:underline">
              Websites
            </Link>
            <Link href="/account/tokens" className="hover:underline">
              API tokens
            </Link>
            <Link href="/account" className="hover:underline">
              Account
            </Link>
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <span className="hidden text-zinc-600 sm:inline dark:text-zinc-400">{user.email}</span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <VerifyEmailBanner userId={user.id} />
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </div>
  );
}
