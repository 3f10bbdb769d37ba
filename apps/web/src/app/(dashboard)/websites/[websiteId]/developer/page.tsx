import type { Metadata } from "next";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { ApiKeys } from "./api-keys";

export const metadata: Metadata = { title: "Developer" };

export default async function DeveloperPage({ params }: { params: Promise<{ websiteId: string }> }) {
  const { websiteId } = await params;
  await Promise.all([
    prefetch(trpc.websites.get.queryOptions({ websiteId })),
    prefetch(trpc.apiKeys.list.queryOptions({ websiteId })),
  ]);
  return (
    <HydrateClient>
      <ApiKeys websiteId={websiteId} />
    </HydrateClient>
  );
}
