import type { Metadata } from "next";
import { AdminSearch } from "./admin-search";
import { LeakEvents } from "./leak-events";

export const metadata: Metadata = { title: "Admin" };

export default function AdminPage() {
  return (
    <>
      <AdminSearch />
      <LeakEvents />
    </>
  );
}
