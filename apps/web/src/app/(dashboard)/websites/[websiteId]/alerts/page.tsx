import type { Metadata } from "next";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { Alerts } from "./alerts";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ params }: { params: Promise<{ websiteId: string }> }) {
  const { websiteId } = await params;
  await Promise.all([
    prefetch(trpc.websites.get.queryOptions({ websiteId })),
    prefetch(trpc.alerts.list.queryOptions({ websiteId })),
  ]);
  return (
    <HydrateClient>
      <Alerts websiteId={websiteId} />
    </HydrateClient>
  );
}
