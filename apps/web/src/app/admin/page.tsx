import type { Metadata } from "next";
import { AdminSearch } from "./admin-search";

export const metadata: Metadata = { title: "Admin" };

export default function AdminPage() {
  return <AdminSearch />;
}
