"use client";
// Visitors active in the last 10 minutes, refreshed every few seconds.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { formatCount } from "./format";

export function Realtime({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const realtime = useQuery(trpc.overview.realtime.queryOptions({ websiteId }, { refetchInterval: 10_000 }));
  const visitors = realtime.data?.visitors;
  return (
    <p role="status" className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
      <span aria-hidden className="relative flex size-2.5">
        {visitors ? (
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-75" />
        ) : null}
        <span className={`relative inline-flex size-2.5 rounded-full ${visitors ? "bg-emerald-500" : "bg-zinc-400"}`} />
      </span>
      {visitors === undefined
        ? "Checking who is online…"
        : `${formatCount(visitors)} ${visitors === 1 ? "visitor" : "visitors"} online now`}
    </p>
  );
}
