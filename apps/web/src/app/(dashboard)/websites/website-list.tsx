"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNote, LoadingRows, PageHeader, RoleBadge } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";
import { CreateWebsiteDialog } from "./create-website-dialog";

export function WebsiteList() {
  const trpc = useTRPC();
  const websites = useQuery(trpc.websites.list.queryOptions());
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title="Websites"
        description="Every website you belong to, with your role on it."
        actions={<Button onClick={() => setCreating(true)}>Add website</Button>}
      />
      {websites.isPending ? (
        <LoadingRows label="Loading websites" />
      ) : websites.isError ? (
        <ErrorNote>{humanError(websites.error)}</ErrorNote>
      ) : websites.data.length === 0 ? (
        <EmptyState title="No websites yet">
          Add your first website to see its analytics and create API keys for it.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {websites.data.map((website) => (
            <li key={website._id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <div className="flex items-center gap-2">
                  <Link href={`/websites/${website._id}`} className="font-medium hover:underline">
                    {website.name ?? website.domain}
                  </Link>
                  <RoleBadge role={website.role} />
                </div>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  {website.domain} · {website.timezone}
                </p>
              </div>
              <div className="flex gap-3 text-sm">
                <Link
                  href={`/websites/${website._id}/developer`}
                  className="font-medium text-indigo-700 underline dark:text-indigo-300"
                >
                  Developer<span className="sr-only"> settings for {website.domain}</span>
                </Link>
                <Link
                  href={`/websites/${website._id}/team`}
                  className="font-medium text-indigo-700 underline dark:text-indigo-300"
                >
                  Team<span className="sr-only"> of {website.domain}</span>
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      <CreateWebsiteDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
