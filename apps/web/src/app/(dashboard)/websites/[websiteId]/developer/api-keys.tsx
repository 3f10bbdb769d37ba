"use client";
import { expiresSoon } from "@keygate/core/contracts";
// Website API keys: the table, and create / roll / revoke with the raw key shown once.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiKeyUsage } from "@/components/credential-usage";
import { ExpiringSoonNote, ExpiryNote } from "@/components/expiry-field";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNote, LoadingRows, PageHeader } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { shortDate, timeAgo } from "@/lib/time";
import { useTRPC } from "@/trpc/client";
import { CreateKeyDialog, type KeyDialogTarget, RevokeKeyDialog, RollKeyDialog } from "./key-dialogs";

/** "45 minutes", "24 hours", "7 days": what is left of a roll's grace window. */
function timeLeft(iso: string, now = Date.now()): string {
  const minutes = Math.max(1, Math.ceil((new Date(iso).getTime() - now) / 60_000));
  const [count, unit] =
    minutes < 60
      ? [minutes, "minute"]
      : minutes <= 48 * 60
        ? [Math.round(minutes / 60), "hour"]
        : [Math.round(minutes / 1440), "day"];
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

export function ApiKeys({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const website = useQuery(trpc.websites.get.queryOptions({ websiteId }));
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ websiteId }));
  const [creating, setCreating] = useState(false);
  const [rolling, setRolling] = useState<KeyDialogTarget | null>(null);
  const [revoking, setRevoking] = useState<KeyDialogTarget | null>(null);

  const canWrite = website.data?.permissions.includes("api-keys:write") ?? false;
  const count = keys.data?.keys.length ?? 0;
  const limit = keys.data?.limit ?? 10;
  const atLimit = count >= limit;

  return (
    <section aria-labelledby="api-keys-heading">
      <PageHeader
        title="API keys"
        description={
          <>
            <code>df_</code> keys unlock this website's API for one integration. {count} of {limit} keys used.
          </>
        }
        actions={
          canWrite ? (
            <Button
              onClick={() => setCreating(true)}
              disabled={atLimit}
              title={atLimit ? `Limit of ${limit} keys reached` : undefined}
            >
              Create key
            </Button>
          ) : null
        }
      />
      <h2 id="api-keys-heading" className="sr-only">
        API keys
      </h2>
      {!canWrite && website.data ? (
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          You have read-only access to this website's keys.
        </p>
      ) : null}
      {atLimit && canWrite ? (
        <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          This website has the maximum of {limit} keys. Revoke one to create another.
        </p>
      ) : null}
      <ExpiringSoonNote items={keys.data?.keys ?? []} noun="key" />
      {keys.isPending ? (
        <LoadingRows label="Loading API keys" />
      ) : keys.isError ? (
        <ErrorNote>{humanError(keys.error)}</ErrorNote>
      ) : keys.data.keys.length === 0 ? (
        <EmptyState title="No API keys yet">
          {canWrite ? "Create a key to call this website's API from a backend or an agent." : null}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-50 text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Name
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Key
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Created
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Last used
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Last 30 days
                </th>
                {canWrite ? (
                  <th scope="col" className="px-4 py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {keys.data.keys.map((key) => (
                <tr key={key._id} className={expiresSoon(key.expiresAt) ? "bg-red-50 dark:bg-red-950/30" : undefined}>
                  <td className="px-4 py-2">
                    {key.name ?? <span className="text-zinc-500">Unnamed</span>}
                    {key.permissions ? (
                      <span
                        className="block text-xs text-zinc-600 dark:text-zinc-400"
                        title={key.permissions.join(", ")}
                      >
                        Restricted: {key.permissions.join(", ")}
                      </span>
                    ) : null}
                    {key.allowedIps ? (
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                        Only from {key.allowedIps.join(", ")}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2">
                    <span className="font-mono">{key.displayKey}</span>
                    <ExpiryNote expiresAt={key.expiresAt} />
                    {key.oldKeyExpiresAt ? (
                      <span
                        className="block text-xs text-amber-800 dark:text-amber-200"
                        title={new Date(key.oldKeyExpiresAt).toLocaleString()}
                      >
                        Old key expires in {timeLeft(key.oldKeyExpiresAt)}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2">{shortDate(key.createdAt)}</td>
                  <td className="px-4 py-2">{timeAgo(key.lastUsedAt)}</td>
                  <td className="px-4 py-2">
                    <ApiKeyUsage websiteId={websiteId} apiKeyId={key._id} label={key.name ?? key.displayKey} />
                  </td>
                  {canWrite ? (
                    <td className="px-4 py-2 text-right whitespace-nowrap">
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => setRolling({ id: key._id, name: key.name, displayKey: key.displayKey })}
                      >
                        Roll<span className="sr-only"> {key.displayKey}</span>
                      </Button>{" "}
                      <Button
                        size="sm"
                        variant="dangerGhost"
                        onClick={() => setRevoking({ id: key._id, name: key.name, displayKey: key.displayKey })}
                      >
                        Revoke<span className="sr-only"> {key.displayKey}</span>
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateKeyDialog websiteId={websiteId} open={creating} onOpenChange={setCreating} />
      <RollKeyDialog websiteId={websiteId} target={rolling} onClose={() => setRolling(null)} />
      <RevokeKeyDialog websiteId={websiteId} target={revoking} onClose={() => setRevoking(null)} />
    </section>
  );
}
