import type { Metadata } from "next";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { EmailVerification } from "./email-verification";
import { ChangePassword } from "./password";
import { Profile } from "./profile";
import { Sessions } from "./sessions";
import { TwoFactor } from "./two-factor";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { twoFactor } = await searchParams;
  await prefetch(trpc.account.get.queryOptions());
  await prefetch(trpc.account.sessions.queryOptions());
  await prefetch(trpc.emailVerification.status.queryOptions());
  await prefetch(trpc.account.twoFactor.status.queryOptions());
  return (
    <HydrateClient>
      <Profile />
      <EmailVerification />
      <TwoFactor required={twoFactor === "required"} />
      <ChangePassword />
      <Sessions />
    </HydrateClient>
  );
}
