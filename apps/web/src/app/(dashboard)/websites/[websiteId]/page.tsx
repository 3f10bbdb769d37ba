import type { Metadata } from "next";
import { prefetchOverview, type SearchParams } from "@/components/overview/prefetch";
import { env } from "@/env";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { WebsiteOverview } from "./website-overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ websiteId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { websiteId } = await params;
  await Promise.all([
    prefetch(trpc.websites.get.queryOptions({ websiteId })),
    prefetch(trpc.overview.firstEvent.queryOptions({ websiteId })),
    prefetchOverview(websiteId, await searchParams),
  ]);
  return (
    <HydrateClient>
      <WebsiteOverview websiteId={websiteId} origin={new URL(env.AUTH_URL).origin} />
    </HydrateClient>
  );
}
