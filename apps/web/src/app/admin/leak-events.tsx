"use client";
// Keys and tokens that secret-scanning partners reported as leaked: each was revoked when the signed
// report arrived (README: Security → Leaked keys); staff see what, where it was found and who was told.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorNote, LoadingRows } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { timeAgo } from "@/lib/time";
import { useTRPC } from "@/trpc/client";

const OUTCOME = {
  revoked: "revoked",
  grace_ended: "old value ended (roll grace)",
  already_revoked: "already not working",
} as const;

export function LeakEvents() {
  const trpc = useTRPC();
  const leaks = useQuery(trpc.staff.leaks.queryOptions());
  return (
    <section className="mt-10">
      <h2 className="font-semibold">Leaked keys reported by secret scanning</h2>
      {leaks.isPending ? (
        <div className="mt-2">
          <LoadingRows label="Loading leak reports" />
        </div>
      ) : leaks.isError ? (
        <ErrorNote>{humanError(leaks.error)}</ErrorNote>
      ) : leaks.data.length === 0 ? (
        <p className="mt-2 text-sm">No leak reports.</p>
      ) : (
        <ul className="mt-2 divide-y divide-zinc-200 text-sm dark:divide-zinc-800" aria-label="Leak reports">
          {leaks.data.map((leak) => (
            <li key={leak._id} className="py-2">
              <span className="font-mono">{leak.displayKey}</span> · {OUTCOME[leak.outcome]} ·{" "}
              {leak.websiteId ? (
                <Link
                  href={`/admin/websites/${leak.websiteId}`}
                  className="text-indigo-700 underline dark:text-indigo-300"
                >
                  website
                </Link>
              ) : leak.userId ? (
                <Link href={`/admin/users/${leak.userId}`} className="text-indigo-700 underline dark:text-indigo-300">
                  user
                </Link>
              ) : null}{" "}
              · {timeAgo(leak.createdAt)}
              <div className="text-xs text-zinc-600 dark:text-zinc-400">
                {leak.tokenType}
                {leak.source ? ` in ${leak.source}` : ""}
                {leak.url ? ` at ${leak.url}` : ""} · signed by {leak.reporter.slice(0, 12)}… ·{" "}
                {leak.notifiedAt ? "owners mailed" : "mail pending"}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
