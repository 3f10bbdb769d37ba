"use client";
// One website for staff: members, live keys (revoke), API suspension, and its audit log.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ErrorNote, LoadingRows, PageHeader, RoleBadge } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { shortDate, timeAgo } from "@/lib/time";
import { useTRPC } from "@/trpc/client";

export function AdminWebsite({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const website = useQuery(trpc.staff.website.queryOptions({ websiteId }));
  const audit = useQuery(trpc.staff.auditLog.queryOptions({ websiteId }));
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.staff.website.queryFilter({ websiteId })),
      queryClient.invalidateQueries(trpc.staff.auditLog.queryFilter({ websiteId })),
    ]);
  const onError = (error: unknown) => toast.error(humanError(error));
  const revoke = useMutation(
    trpc.staff.revokeApiKey.mutationOptions({
      onSuccess: () => refresh().then(() => toast.success("Key revoked")),
      onError,
    }),
  );
  const revokeToken = useMutation(
    trpc.staff.revokeAccessToken.mutationOptions({
      onSuccess: () => refresh().then(() => toast.success("Token revoked")),
      onError,
    }),
  );
  const suspend = useMutation(trpc.staff.setApiSuspended.mutationOptions({ onSuccess: () => refresh(), onError }));

  if (website.isPending) return <LoadingRows label="Loading website" />;
  if (website.isError) return <ErrorNote>{humanError(website.error)}</ErrorNote>;
  const site = website.data;
  return (
    <section className="space-y-8">
      <PageHeader
        title={site.domain}
        description={
          site.suspendedAt ? `API access suspended since ${shortDate(site.suspendedAt)}` : "API access active"
        }
        actions={
          <Button
            variant={site.suspendedAt ? "secondary" : "danger"}
            pending={suspend.isPending}
            onClick={() => suspend.mutate({ websiteId, suspended: !site.suspendedAt })}
          >
            {site.suspendedAt ? "Restore API access" : "Suspend API access"}
          </Button>
        }
      />
      <div>
        <h2 className="font-semibold">Members</h2>
        <ul className="mt-2 space-y-1 text-sm">
          {site.members.map((member) => (
            <li key={member.id} className="flex items-center gap-2">
              <Link href={`/admin/users/${member.id}`} className="text-indigo-700 underline dark:text-indigo-300">
                {member.email}
              </Link>
              <RoleBadge role={member.role} />
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h2 className="font-semibold">API keys</h2>
        {site.keys.length === 0 ? <p className="mt-2 text-sm">No live keys.</p> : null}
        <ul className="mt-2 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {site.keys.map((key) => (
            <li key={key.id} className="flex items-center justify-between py-2">
              <span>
                {key.name ?? "Unnamed"} <span className="font-mono">{key.displayKey}</span> · last used{" "}
                {timeAgo(key.lastUsedAt).toLowerCase()}
              </span>
              <Button size="sm" variant="dangerGhost" onClick={() => revoke.mutate({ apiKeyId: key.id })}>
                Revoke<span className="sr-only"> {key.displayKey}</span>
              </Button>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h2 className="font-semibold">Account tokens that reach this website</h2>
        {site.tokens.length === 0 ? <p className="mt-2 text-sm">No live tokens.</p> : null}
        <ul className="mt-2 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {site.tokens.map((token) => (
            <li key={token.id} className="flex items-center justify-between py-2">
              <span>
                {token.owner}: {token.name ?? "Unnamed"} <span className="font-mono">{token.displayKey}</span> · last
                used {timeAgo(token.lastUsedAt).toLowerCase()}
              </span>
              <Button size="sm" variant="dangerGhost" onClick={() => revokeToken.mutate({ tokenId: token.id })}>
                Revoke<span className="sr-only"> {token.displayKey}</span>
              </Button>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h2 className="font-semibold">Audit log</h2>
        <ul className="mt-2 space-y-1 font-mono text-xs">
          {audit.data?.data.map((event) => (
            <li key={event._id}>
              {event.createdAt} {event.action} by {event.actorType} {event.actorId ?? ""} on {event.targetType}{" "}
              {event.targetId}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
