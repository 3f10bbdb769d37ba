import type { Metadata } from "next";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { TeamList } from "./team-list";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ websiteId: string }> }) {
  const { websiteId } = await params;
  await Promise.all([
    prefetch(trpc.websites.get.queryOptions({ websiteId })),
    prefetch(trpc.team.list.queryOptions({ websiteId })),
  ]);
  return (
    <HydrateClient>
      <TeamList websiteId={websiteId} />
    </HydrateClient>
  );
}
