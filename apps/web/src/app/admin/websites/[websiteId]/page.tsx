import type { Metadata } from "next";
import { AdminWebsite } from "./admin-website";

export const metadata: Metadata = { title: "Admin · Website" };

export default async function AdminWebsitePage({ params }: { params: Promise<{ websiteId: string }> }) {
  const { websiteId } = await params;
  return <AdminWebsite websiteId={websiteId} />;
}
