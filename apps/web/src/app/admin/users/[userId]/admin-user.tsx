"use client";
// One user for staff: their websites, live account tokens (revoke) and dashboard sessions (end all).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ErrorNote, LoadingRows, PageHeader, RoleBadge } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { timeAgo } from "@/lib/time";
import { useTRPC } from "@/trpc/client";

export function AdminUser({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useQuery(trpc.staff.user.queryOptions({ userId }));
  const revoke = useMutation(
    trpc.staff.revokeAccessToken.mutationOptions({
      onSuccess: () =>
        queryClient
          .invalidateQueries(trpc.staff.user.queryFilter({ userId }))
          .then(() => toast.success("Token revoked")),
      onError: (error) => toast.error(humanError(error)),
    }),
  );
  const endSessions = useMutation(
    trpc.staff.endUserSessions.mutationOptions({
      onSuccess: ({ ended }) =>
        queryClient
          .invalidateQueries(trpc.staff.user.queryFilter({ userId }))
          .then(() => toast.success(ended === 1 ? "1 session ended" : `${ended} sessions ended`)),
      onError: (error) => toast.error(humanError(error)),
    }),
  );
  if (user.isPending) return <LoadingRows label="Loading user" />;
  if (user.isError) return <ErrorNote>{humanError(user.error)}</ErrorNote>;
  return (
    <section className="space-y-8">
      <PageHeader title={user.data.email} description={user.data.isStaff ? "Staff" : (user.data.name ?? undefined)} />
      <div>
        <h2 className="font-semibold">Websites</h2>
        <ul className="mt-2 space-y-1 text-sm">
          {user.data.memberships.map((m) => (
            <li key={m.websiteId} className="flex items-center gap-2">
              <Link href={`/admin/websites/${m.websiteId}`} className="text-indigo-700 underline dark:text-indigo-300">
                {m.domain}
              </Link>
              <RoleBadge role={m.role} />
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h2 className="font-semibold">Account tokens</h2>
        {user.data.accessTokens.length === 0 ? <p className="mt-2 text-sm">No live tokens.</p> : null}
        <ul className="mt-2 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {user.data.accessTokens.map((token) => (
            <li key={token.id} className="flex items-center justify-between py-2">
              <span>
                {token.name ?? "Unnamed"} <span className="font-mono">{token.displayKey}</span> ·{" "}
                {token.permissions.join(", ")} · last used {timeAgo(token.lastUsedAt).toLowerCase()}
              </span>
              <Button size="sm" variant="dangerGhost" onClick={() => revoke.mutate({ tokenId: token.id })}>
                Revoke<span className="sr-only"> {token.displayKey}</span>
              </Button>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h2 className="font-semibold">Dashboard sessions</h2>
        {user.data.sessions.length === 0 ? <p className="mt-2 text-sm">No active sessions.</p> : null}
        <ul className="mt-2 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {user.data.sessions.map((session) => (
            <li key={session.createdAt + (session.ip ?? "")} className="py-2">
              {session.ip ?? "unknown address"} · {session.userAgent ?? "unknown browser"} · last seen{" "}
              {timeAgo(session.lastSeenAt).toLowerCase()}
            </li>
          ))}
        </ul>
        <Button
          size="sm"
          variant="danger"
          className="mt-2"
          pending={endSessions.isPending}
          onClick={() => endSessions.mutate({ userId })}
        >
          End all sessions
        </Button>
      </div>
    </section>
  );
}
