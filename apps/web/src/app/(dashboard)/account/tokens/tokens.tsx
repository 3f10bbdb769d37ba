"use client";
// Account tokens: the list, delete, and the create dialog.
import { expiresSoon } from "@keygate/core/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { AccessTokenUsage } from "@/components/credential-usage";
import { ExpiringSoonNote, ExpiryNote } from "@/components/expiry-field";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorNote, LoadingRows, PageHeader } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { shortDate, timeAgo } from "@/lib/time";
import { useTRPC } from "@/trpc/client";
import { CreateTokenDialog } from "./create-token-dialog";

export function Tokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.accessTokens.list.queryOptions());
  const websites = useQuery(trpc.websites.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<{ id: string; label: string } | null>(null);
  const remove = useMutation(
    trpc.accessTokens.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.accessTokens.list.queryFilter());
        toast.success("Token deleted");
        setDeleting(null);
      },
    }),
  );
  const domains = new Map((websites.data ?? []).map((w) => [w._id, w.domain]));
  const count = tokens.data?.tokens.length ?? 0;
  const limit = tokens.data?.limit ?? 20;

  return (
    <section>
      <PageHeader
        title="API tokens"
        description={
          <>
            <code>dft_</code> tokens act for you from scripts, the CLI and AI agents. {count} of {limit} tokens used.
          </>
        }
        actions={
          <Button onClick={() => setCreating(true)} disabled={count >= limit}>
            Create token
          </Button>
        }
      />
      <ExpiringSoonNote items={tokens.data?.tokens ?? []} noun="token" />
      {tokens.isPending ? (
        <LoadingRows label="Loading tokens" />
      ) : tokens.isError ? (
        <ErrorNote>{humanError(tokens.error)}</ErrorNote>
      ) : tokens.data.tokens.length === 0 ? (
        <EmptyState title="No API tokens yet">
          Create one for a script or an agent, with only the permissions it needs.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {tokens.data.tokens.map((token) => (
            <li
              key={token._id}
              className={`flex flex-col gap-2 p-4 sm:flex-row sm:items-start sm:justify-between ${
                expiresSoon(token.expiresAt) ? "bg-red-50 dark:bg-red-950/30" : ""
              }`}
            >
              <div className="min-w-0 space-y-1">
                <p className="font-medium">
                  {token.name ?? "Unnamed token"}{" "}
                  <span className="font-mono text-sm font-normal text-zinc-600 dark:text-zinc-400">
                    {token.displayKey}
                  </span>
                </p>
                <ExpiryNote expiresAt={token.expiresAt} />
                <p className="text-sm break-words text-zinc-700 dark:text-zinc-300">{token.permissions.join(", ")}</p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  {token.websiteIds.length === 0
                    ? "All websites"
                    : token.websiteIds.map((id) => domains.get(id) ?? id).join(", ")}{" "}
                  · created {shortDate(token.createdAt)} · last used {timeAgo(token.lastUsedAt).toLowerCase()}
                </p>
                {token.allowedIps ? (
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">Only from {token.allowedIps.join(", ")}</p>
                ) : null}
                <AccessTokenUsage tokenId={token._id} label={token.name ?? token.displayKey} />
              </div>
              <Button
                size="sm"
                variant="dangerGhost"
                onClick={() => setDeleting({ id: token._id, label: token.name ?? token.displayKey })}
              >
                Delete<span className="sr-only"> {token.name ?? token.displayKey}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <CreateTokenDialog open={creating} onOpenChange={setCreating} websites={websites.data ?? []} />
      <Dialog
        open={deleting !== null}
        onOpenChange={(next) => {
          if (!next) {
            remove.reset();
            setDeleting(null);
          }
        }}
        title="Delete this token?"
        description={`${deleting?.label ?? "The token"} stops working immediately.`}
      >
        {remove.error ? <ErrorNote>{humanError(remove.error)}</ErrorNote> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setDeleting(null)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            pending={remove.isPending}
            onClick={() => deleting && remove.mutate({ tokenId: deleting.id })}
          >
            Delete token
          </Button>
        </div>
      </Dialog>
    </section>
  );
}
