import type { Metadata } from "next";
import { env } from "@/env";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { Settings } from "./settings";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ websiteId: string }> }) {
  const { websiteId } = await params;
  await prefetch(trpc.websites.get.queryOptions({ websiteId }));
  return (
    <HydrateClient>
      <Settings websiteId={websiteId} origin={new URL(env.AUTH_URL).origin} />
    </HydrateClient>
  );
}
