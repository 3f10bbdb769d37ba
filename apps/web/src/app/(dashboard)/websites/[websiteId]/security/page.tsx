import type { Metadata } from "next";
import { SecurityLog } from "./security-log";

export const metadata: Metadata = { title: "Security log" };

export default async function SecurityPage({ params }: { params: Promise<{ websiteId: string }> }) {
  const { websiteId } = await params;
  return <SecurityLog websiteId={websiteId} />;
}
