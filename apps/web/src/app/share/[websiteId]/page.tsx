// A website's public dashboard: its Overview, read-only, for anyone while its owners keep the switch
// on. The policy engine decides (action "analytics.overview"); otherwise the page does not exist.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { prefetchOverview, type SearchParams } from "@/components/overview/prefetch";
import { LoadingRows } from "@/components/ui/misc";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";
import { ShareOverview } from "./share-overview";

type Props = { params: Promise<{ websiteId: string }>; searchParams: Promise<SearchParams> };

/** The website as the public sees it, or null when its dashboard is not public (or it does not exist). */
async function publicSite(websiteId: string) {
  try {
    return await getQueryClient().fetchQuery(trpc.overview.site.queryOptions({ websiteId }));
  } catch {
    return null;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const site = await publicSite((await params).websiteId);
  return {
    title: site ? `${site.name ?? site.domain} — public dashboard` : "Not found",
    robots: { index: false, follow: false },
  };
}

export default async function SharePage({ params, searchParams }: Props) {
  const { websiteId } = await params;
  if (!(await publicSite(websiteId))) notFound();
  await prefetchOverview(websiteId, await searchParams);
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link href="/" className="font-bold">
            Keygate
          </Link>
          <span className="text-sm text-zinc-600 dark:text-zinc-400">Public dashboard · read-only</span>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">
        <HydrateClient>
          <Suspense fallback={<LoadingRows label="Loading the overview" />}>
            <ShareOverview websiteId={websiteId} />
          </Suspense>
        </HydrateClient>
      </main>
    </div>
  );
}
