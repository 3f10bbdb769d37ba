"use client";
// Members and roles; owners also invite, change roles, remove and transfer ownership. Anyone can leave.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { inputClass } from "@/components/ui/field";
import { ErrorNote, LoadingRows, PageHeader, RoleBadge } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { shortDate } from "@/lib/time";
import { useTRPC } from "@/trpc/client";
import { Invitations } from "./invitations";

export function TeamList({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const website = useQuery(trpc.websites.get.queryOptions({ websiteId }));
  const team = useQuery(trpc.team.list.queryOptions({ websiteId }));
  const [transferTo, setTransferTo] = useState<{ userId: string; label: string } | null>(null);
  const [leaving, setLeaving] = useState(false);
  /** After a removal: the member's keys that still work, offered for revocation. */
  const [leftKeys, setLeftKeys] = useState<{
    userId: string;
    label: string;
    keys: { _id: string; name: string | null; displayKey: string }[];
  } | null>(null);
  const isOwner = website.data?.role === "owner";
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.team.list.queryFilter({ websiteId })),
      queryClient.invalidateQueries(trpc.websites.get.queryFilter({ websiteId })),
    ]);
  const onError = (error: unknown) => toast.error(humanError(error));
  const changeRole = useMutation(
    trpc.team.changeRole.mutationOptions({
      onSuccess: () => refresh().then(() => toast.success("Role changed")),
      onError,
    }),
  );
  const remove = useMutation(
    trpc.team.remove.mutationOptions({
      onSuccess: async (result, { userId }) => {
        await refresh();
        toast.success(result.message);
        const label = team.data?.find((member) => member.userId === userId)?.email ?? "The member";
        if (result.keysCreated.length > 0) setLeftKeys({ userId, label, keys: result.keysCreated });
      },
      onError,
    }),
  );
  const revokeLeftKeys = useMutation(
    trpc.apiKeys.revokeCreatedBy.mutationOptions({
      onSuccess: async ({ revoked }) => {
        await queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter({ websiteId }));
        setLeftKeys(null);
        toast.success(`${revoked} key${revoked === 1 ? "" : "s"} revoked`);
      },
    }),
  );
  const transfer = useMutation(
    trpc.team.transfer.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setTransferTo(null);
        toast.success("Ownership transferred");
      },
    }),
  );
  const leave = useMutation(
    trpc.team.leave.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.websites.list.queryFilter());
        toast.success("You left the website");
        router.push("/websites");
      },
    }),
  );

  return (
    <section>
      <PageHeader
        title="Team"
        description={
          isOwner
            ? "Invite people, set their roles, or hand the website over."
            : "People with access to this website. Owners manage the team."
        }
        actions={
          <Button variant="secondary" onClick={() => setLeaving(true)}>
            Leave website
          </Button>
        }
      />
      {team.isPending ? (
        <LoadingRows label="Loading team" />
      ) : team.isError ? (
        <ErrorNote>{humanError(team.error)}</ErrorNote>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {team.data.map((member) => {
            const label = member.name ?? member.email;
            const editable = isOwner && member.role !== "owner";
            return (
              <li
                key={member.userId}
                className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between"
              >
                <div>
                  <p className="font-medium">{label}</p>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">
                    {member.email} · since {shortDate(member.joinedAt)}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  {editable ? (
                    <>
                      <label className="sr-only" htmlFor={`role-${member.userId}`}>
                        Role of {label}
                      </label>
                      <select
                        id={`role-${member.userId}`}
                        className={`${inputClass} w-auto`}
                        value={member.role}
                        onChange={(e) =>
                          changeRole.mutate({
                            websiteId,
                            userId: member.userId,
                            role: e.target.value as "member" | "viewer",
                          })
                        }
                      >
                        <option value="member">Member</option>
                        <option value="viewer">Viewer</option>
                      </select>
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => setTransferTo({ userId: member.userId, label })}
                      >
                        Make owner<span className="sr-only"> {label}</span>
                      </Button>
                      <Button
                        size="sm"
                        variant="dangerGhost"
                        onClick={() => remove.mutate({ websiteId, userId: member.userId })}
                      >
                        Remove<span className="sr-only"> {label}</span>
                      </Button>
                    </>
                  ) : (
                    <RoleBadge role={member.role} />
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {isOwner ? <Invitations websiteId={websiteId} /> : null}
      <Dialog
        open={transferTo !== null}
        onOpenChange={(next) => (next ? undefined : setTransferTo(null))}
        title="Transfer ownership?"
        description={`${transferTo?.label ?? ""} becomes an owner and you become a member. You can't undo this yourself.`}
      >
        {transfer.error ? <ErrorNote>{humanError(transfer.error)}</ErrorNote> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setTransferTo(null)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            pending={transfer.isPending}
            onClick={() => transferTo && transfer.mutate({ websiteId, userId: transferTo.userId })}
          >
            Transfer ownership
          </Button>
        </div>
      </Dialog>
      <Dialog
        open={leftKeys !== null}
        onOpenChange={(next) => (next ? undefined : setLeftKeys(null))}
        title="Revoke the keys they created?"
        description={`${leftKeys?.label ?? ""} created ${leftKeys?.keys.length ?? 0} website key${
          leftKeys?.keys.length === 1 ? "" : "s"
        } that still work. Removing someone does not revoke them.`}
      >
        <ul className="mt-2 space-y-1 text-sm" aria-label="Keys they created">
          {leftKeys?.keys.map((key) => (
            <li key={key._id}>
              {key.name ?? "Unnamed key"} <code className="text-zinc-600 dark:text-zinc-400">{key.displayKey}</code>
            </li>
          ))}
        </ul>
        {revokeLeftKeys.error ? <ErrorNote>{humanError(revokeLeftKeys.error)}</ErrorNote> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setLeftKeys(null)}>
            Keep them
          </Button>
          <Button
            variant="danger"
            pending={revokeLeftKeys.isPending}
            onClick={() => leftKeys && revokeLeftKeys.mutate({ websiteId, userId: leftKeys.userId })}
          >
            Revoke {leftKeys?.keys.length === 1 ? "the key" : `${leftKeys?.keys.length ?? 0} keys`}
          </Button>
        </div>
      </Dialog>
      <Dialog
        open={leaving}
        onOpenChange={setLeaving}
        title="Leave this website?"
        description="You lose access until someone invites you again."
      >
        {leave.error ? <ErrorNote>{humanError(leave.error)}</ErrorNote> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setLeaving(false)}>
            Cancel
          </Button>
          <Button variant="danger" pending={leave.isPending} onClick={() => leave.mutate({ websiteId })}>
            Leave website
          </Button>
        </div>
      </Dialog>
    </section>
  );
}
