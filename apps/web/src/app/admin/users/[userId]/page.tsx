import type { Metadata } from "next";
import { AdminUser } from "./admin-user";

export const metadata: Metadata = { title: "Admin · User" };

export default async function AdminUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  return <AdminUser userId={userId} />;
}
