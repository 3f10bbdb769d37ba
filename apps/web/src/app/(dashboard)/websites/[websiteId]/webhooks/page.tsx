import type { Metadata } from "next";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { Webhooks } from "./webhooks";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ websiteId: string }> }) {
  const { websiteId } = await params;
  await prefetch(trpc.websites.get.queryOptions({ websiteId }));
  return (
    <HydrateClient>
      <Webhooks websiteId={websiteId} />
    </HydrateClient>
  );
}
