"use client";
// The website's first tab: the install panel until the first event arrives (it stays, green, for
// the rest of the visit once it has been waiting), then the Overview.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Suspense, useEffect, useState } from "react";
import { Overview } from "@/components/overview/overview";
import { ErrorNote, LoadingRows } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";
import { InstallPanel } from "./install-panel";

/** How often the panel asks whether the first event has arrived. */
const WAITING_POLL_MS = 2_000;

export function WebsiteOverview({ websiteId, origin }: { websiteId: string; origin: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const first = useQuery(
    trpc.overview.firstEvent.queryOptions(
      { websiteId },
      { refetchInterval: (query) => (query.state.data?.received ? false : WAITING_POLL_MS) },
    ),
  );
  const received = first.data?.received;
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    if (received === false) setWaited(true);
  }, [received]);
  // The numbers fetched while waiting are all zero: fetch them again the moment the event is in.
  useEffect(() => {
    if (received && waited) void queryClient.invalidateQueries(trpc.overview.pathFilter());
  }, [received, waited, queryClient, trpc]);

  if (first.isPending) return <LoadingRows label="Loading the overview" />;
  if (first.isError) return <ErrorNote>{humanError(first.error)}</ErrorNote>;
  return (
    <div className="space-y-8">
      {!received || waited ? (
        <InstallPanel
          websiteId={websiteId}
          origin={origin}
          received={received}
          onDismiss={received ? () => setWaited(false) : undefined}
        />
      ) : null}
      {received ? (
        <Suspense fallback={<LoadingRows label="Loading the overview" />}>
          <Overview websiteId={websiteId} title="Overview" />
        </Suspense>
      ) : null}
    </div>
  );
}
