"use client";
import { useQuery } from "@tanstack/react-query";
import { ErrorNote, RoleBadge, Skeleton } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function WebsiteTitle({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const website = useQuery(trpc.websites.get.queryOptions({ websiteId }));
  if (website.isPending) return <Skeleton className="my-4 h-8 w-64" />;
  if (website.isError)
    return (
      <div className="my-4">
        <ErrorNote>{humanError(website.error)}</ErrorNote>
      </div>
    );
  return (
    <div className="my-4 flex items-center gap-3">
      <p className="text-xl font-semibold">{website.data.name ?? website.data.domain}</p>
      <RoleBadge role={website.data.role} />
    </div>
  );
}
