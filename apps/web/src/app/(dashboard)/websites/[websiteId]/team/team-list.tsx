"use client";
import { useQuery } from "@tanstack/react-query";
import { ErrorNote, LoadingRows, PageHeader, RoleBadge } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { shortDate } from "@/lib/time";
import { useTRPC } from "@/trpc/client";

export function TeamList({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const team = useQuery(trpc.team.list.queryOptions({ websiteId }));
  return (
    <section>
      <PageHeader title="Team" description="People with access to this website. Owners manage the team." />
      {team.isPending ? (
        <LoadingRows label="Loading team" />
      ) : team.isError ? (
        <ErrorNote>{humanError(team.error)}</ErrorNote>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {team.data.map((member) => (
            <li key={member.userId} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="font-medium">{member.name ?? member.email}</p>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{member.email}</p>
              </div>
              <div className="flex items-center gap-3 text-sm">
                <RoleBadge role={member.role} />
                <span className="text-zinc-600 dark:text-zinc-400">since {shortDate(member.joinedAt)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
