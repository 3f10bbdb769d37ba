"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { inputClass } from "@/components/ui/field";
import { ErrorNote, LoadingRows, PageHeader } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function AdminSearch() {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const results = useQuery(trpc.staff.search.queryOptions({ query }));
  return (
    <section>
      <PageHeader title="Find users and websites" description="Search by email, name, domain or id." />
      <label htmlFor="admin-search" className="sr-only">
        Search
      </label>
      <input
        id="admin-search"
        type="search"
        className={inputClass}
        placeholder="email, domain or id"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {results.isPending ? (
        <div className="mt-4">
          <LoadingRows label="Searching" />
        </div>
      ) : results.isError ? (
        <ErrorNote>{humanError(results.error)}</ErrorNote>
      ) : (
        <div className="mt-6 grid gap-6 sm:grid-cols-2">
          <div>
            <h2 className="font-semibold">Users</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {results.data.users.map((user) => (
                <li key={user.id}>
                  <Link href={`/admin/users/${user.id}`} className="text-indigo-700 underline dark:text-indigo-300">
                    {user.email}
                  </Link>{" "}
                  {user.isStaff ? <span className="text-xs">(staff)</span> : null}
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h2 className="font-semibold">Websites</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {results.data.websites.map((website) => (
                <li key={website.id}>
                  <Link
                    href={`/admin/websites/${website.id}`}
                    className="text-indigo-700 underline dark:text-indigo-300"
                  >
                    {website.domain}
                  </Link>{" "}
                  {website.suspended ? (
                    <span className="text-xs text-red-700 dark:text-red-400">(API suspended)</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}
