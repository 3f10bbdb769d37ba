import type { Metadata } from "next";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { WebsiteList } from "./website-list";

export const metadata: Metadata = { title: "Websites" };

export default async function WebsitesPage() {
  await prefetch(trpc.websites.list.queryOptions());
  return (
    <HydrateClient>
      <WebsiteList />
    </HydrateClient>
  );
}
