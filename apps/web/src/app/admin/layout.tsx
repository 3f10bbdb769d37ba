import Link from "next/link";
import { notFound } from "next/navigation";
import { getServerSession } from "next-auth";
import type { ReactNode } from "react";
import { authOptions } from "@/server/auth/options";
import { isStaff } from "@/server/services/staff";

/** Staff only; everyone else gets a 404, as if the console did not exist. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  if (!userId || !(await isStaff(userId))) notFound();
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
