"use client";
// Every write on the website, newest first, filterable by action, one page at a time.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { EmptyState, ErrorNote, LoadingRows, PageHeader } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { timeAgo } from "@/lib/time";
import { useTRPC } from "@/trpc/client";

const FAMILIES = [
  { value: "", label: "All actions" },
  { value: "api_key.", label: "API keys" },
  { value: "access_token.", label: "Account tokens" },
  { value: "team.", label: "Team" },
  { value: "website.", label: "Website" },
  { value: "visitor.", label: "Visitor erasures" },
  { value: "staff.", label: "Staff actions" },
];

/** Where a secret-scanning partner found a leaked key (its report's url), shown as text, never as a link. */
function leakedAt(event: { action: string; metadata?: unknown }): string | null {
  if (!event.action.endsWith(".leaked")) return null;
  const url = (event.metadata as { url?: unknown } | null)?.url;
  return typeof url === "string" ? url : null;
}

export function SecurityLog({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const [action, setAction] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const events = useQuery(
    trpc.websites.auditLog.queryOptions({ websiteId, limit: 25, action: action || undefined, cursor }),
  );
  return (
    <section>
      <PageHeader
        title="Security log"
        description="Who changed what on this website, and from where. Secrets never appear here."
      />
      <label htmlFor="action-filter" className="text-sm font-medium">
        Show
      </label>{" "}
      <select
        id="action-filter"
        className={`${inputClass} mb-4 inline-block w-auto`}
        value={action}
        onChange={(e) => {
          setAction(e.target.value);
          setCursors([]);
        }}
      >
        {FAMILIES.map((family) => (
          <option key={family.value} value={family.value}>
            {family.label}
          </option>
        ))}
      </select>
      {events.isPending ? (
        <LoadingRows label="Loading events" />
      ) : events.isError ? (
        <ErrorNote>{humanError(events.error)}</ErrorNote>
      ) : events.data.data.length === 0 ? (
        <EmptyState title="Nothing here yet">Changes to keys, tokens, the team and settings appear here.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-50 text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  When
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Action
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  By
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  From
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {events.data.data.map((event) => (
                <tr key={event._id}>
                  <td className="px-4 py-2 whitespace-nowrap" title={event.createdAt}>
                    {timeAgo(event.createdAt)}
                  </td>
                  <td className="px-4 py-2">
                    <span className="font-mono">{event.action}</span>
                    {leakedAt(event) ? (
                      <div className="text-xs break-all text-zinc-600 dark:text-zinc-400">
                        found at {leakedAt(event)}
                      </div>
                    ) : null}
                  </td>
                  <td className="px-4 py-2">
                    {event.actorType === "secretScanning" ? "Secret scanning" : event.actorType}
                  </td>
                  <td className="px-4 py-2">{event.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="mt-4 flex gap-2">
        <Button variant="secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </Button>
        <Button
          variant="secondary"
          disabled={!events.data?.nextCursor}
          onClick={() => events.data?.nextCursor && setCursors([...cursors, events.data.nextCursor])}
        >
          Older
        </Button>
      </div>
    </section>
  );
}
