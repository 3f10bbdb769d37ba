"use client";
// The public dashboard's body: the Overview under the website's name.
import { useQuery } from "@tanstack/react-query";
import { Overview } from "@/components/overview/overview";
import { useTRPC } from "@/trpc/client";

export function ShareOverview({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const site = useQuery(trpc.overview.site.queryOptions({ websiteId }));
  return <Overview websiteId={websiteId} title={site.data ? (site.data.name ?? site.data.domain) : "Overview"} />;
}
