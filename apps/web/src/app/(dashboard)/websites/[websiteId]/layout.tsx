import Link from "next/link";
import type { ReactNode } from "react";
import { WebsiteTitle } from "./website-title";

export default async function WebsiteLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ websiteId: string }>;
}) {
  const { websiteId } = await params;
  return (
    <div>
      <Link href="/websites" className="text-sm text-indigo-700 underline dark:text-indigo-300">
        ← All websites
      </Link>
      <WebsiteTitle websiteId={websiteId} />
      <nav aria-label="Website" className="mb-6 flex gap-4 border-b border-zinc-200 text-sm dark:border-zinc-800">
        <Link
          href={`/websites/${websiteId}/developer`}
          className="-mb-px border-b-2 border-transparent px-1 py-2 hover:border-zinc-400"
        >
          Developer
        </Link>
        <Link
          href={`/websites/${websiteId}/team`}
          className="-mb-px border-b-2 border-transparent px-1 py-2 hover:border-zinc-400"
        >
          Team
        </Link>
      </nav>
      {children}
    </div>
  );
}
