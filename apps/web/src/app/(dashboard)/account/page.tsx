import type { Metadata } from "next";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { Profile } from "./profile";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  await prefetch(trpc.account.get.queryOptions());
  return (
    <HydrateClient>
      <Profile />
    </HydrateClient>
  );
}
