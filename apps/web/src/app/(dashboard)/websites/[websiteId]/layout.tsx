import Link from "next/link";
import type { ReactNode } from "react";
import { TabNav } from "@/components/tab-nav";
import { WebsiteTitle } from "./website-title";

export default async function WebsiteLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ websiteId: string }>;
}) {
  const { websiteId } = await params;
  return (
    <div>
      <Link href="/websites" className="text-sm text-indigo-700 underline dark:text-indigo-300">
        ← All websites
      </Link>
      <WebsiteTitle websiteId={websiteId} />
      <TabNav
        label="Website"
        tabs={[
          { href: `/websites/${websiteId}`, title: "Overview" },
          { href: `/websites/${websiteId}/developer`, title: "Developer" },
          { href: `/websites/${websiteId}/funnels`, title: "Funnels" },
          { href: `/websites/${websiteId}/alerts`, title: "Alerts" },
          { href: `/websites/${websiteId}/webhooks`, title: "Webhooks" },
          { href: `/websites/${websiteId}/team`, title: "Team" },
          { href: `/websites/${websiteId}/security`, title: "Security log" },
          { href: `/websites/${websiteId}/settings`, title: "Settings" },
        ]}
      />
      {children}
    </div>
  );
}
