import type { Metadata } from "next";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { Tokens } from "./tokens";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  await Promise.all([prefetch(trpc.accessTokens.list.queryOptions()), prefetch(trpc.websites.list.queryOptions())]);
  return (
    <HydrateClient>
      <Tokens />
    </HydrateClient>
  );
}
