import type { Metadata } from "next";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { Funnels } from "./funnels";

export const metadata: Metadata = { title: "Funnels" };

export default async function FunnelsPage({ params }: { params: Promise<{ websiteId: string }> }) {
  const { websiteId } = await params;
  await Promise.all([
    prefetch(trpc.websites.get.queryOptions({ websiteId })),
    prefetch(trpc.funnels.list.queryOptions({ websiteId })),
  ]);
  return (
    <HydrateClient>
      <Funnels websiteId={websiteId} />
    </HydrateClient>
  );
}
