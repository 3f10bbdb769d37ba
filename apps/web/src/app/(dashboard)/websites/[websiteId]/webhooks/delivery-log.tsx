"use client";
// The latest deliveries to one endpoint; refreshed while any is still pending.
import { useQuery } from "@tanstack/react-query";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

const STATUS_CLASS = {
  pending: "text-amber-700 dark:text-amber-300",
  delivered: "text-green-700 dark:text-green-400",
  failed: "text-red-700 dark:text-red-400",
} as const;

export function DeliveryLog({ websiteId, webhookId }: { websiteId: string; webhookId: string }) {
  const trpc = useTRPC();
  const deliveries = useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ websiteId, webhookId, limit: 20 }),
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === "pending") ? 3_000 : false),
  });
  if (deliveries.isPending) return <LoadingRows label="Loading deliveries" rows={2} />;
  if (deliveries.isError) return <ErrorNote>{humanError(deliveries.error)}</ErrorNote>;
  if (deliveries.data.length === 0)
    return <EmptyState title="No deliveries yet">Send a test event to try it.</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Latest deliveries</caption>
        <thead className="text-zinc-600 dark:text-zinc-400">
          <tr>
            <th className="py-1 pr-4 font-medium">Event</th>
            <th className="py-1 pr-4 font-medium">Status</th>
            <th className="py-1 pr-4 font-medium">HTTP</th>
            <th className="py-1 pr-4 font-medium">Attempts</th>
            <th className="py-1 pr-4 font-medium">Time</th>
            <th className="py-1 font-medium">Last error</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data.map((delivery) => (
            <tr key={delivery._id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1 pr-4 font-mono">{delivery.event}</td>
              <td className={`py-1 pr-4 ${STATUS_CLASS[delivery.status]}`}>
                {delivery.status}
                {delivery.status === "pending" && delivery.attempts > 0 && delivery.nextAttemptAt
                  ? ` (retry ${new Date(delivery.nextAttemptAt).toLocaleTimeString()})`
                  : ""}
              </td>
              <td className="py-1 pr-4">{delivery.lastStatusCode ?? "—"}</td>
              <td className="py-1 pr-4">{delivery.attempts}</td>
              <td className="py-1 pr-4 whitespace-nowrap">{new Date(delivery.createdAt).toLocaleString()}</td>
              <td className="py-1 text-zinc-600 dark:text-zinc-400">{delivery.lastError ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
