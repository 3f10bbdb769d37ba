"use client";
// Owners invite by email; the single-use link is shown once (there is no mail delivery yet).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { SecretReveal } from "@/components/secret-reveal";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClass } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { shortDate } from "@/lib/time";
import { useTRPC } from "@/trpc/client";

export function Invitations({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.team.invitations.queryOptions({ websiteId }));
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.team.invitations.queryFilter({ websiteId }));
  const invite = useMutation(
    trpc.team.invite.mutationOptions({
      onSuccess: async (result) => {
        await refresh();
        setLink({ email: result.email, url: result.inviteUrl });
      },
    }),
  );
  const resend = useMutation(
    trpc.team.resend.mutationOptions({
      onSuccess: (result) => setLink({ email: result.email, url: result.inviteUrl }),
      onError: (error) => toast.error(humanError(error)),
    }),
  );
  const cancel = useMutation(
    trpc.team.cancel.mutationOptions({
      onSuccess: () => refresh().then(() => toast.success("Invitation canceled")),
      onError: (error) => toast.error(humanError(error)),
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    invite.mutate({
      websiteId,
      email: String(form.get("email")),
      role: String(form.get("role")) as "member" | "viewer",
    });
    event.currentTarget.reset();
  }

  return (
    <section aria-labelledby="invite-heading" className="mt-8">
      <h2 id="invite-heading" className="text-lg font-semibold">
        Invite someone
      </h2>
      <form onSubmit={submit} className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          required
          className="flex-1"
          error={fieldErrors(invite.error).email}
        />
        <div className="space-y-1">
          <label htmlFor="invite-role" className="block text-sm font-medium">
            Role
          </label>
          <select id="invite-role" name="role" defaultValue="viewer" className={inputClass}>
            <option value="viewer">Viewer</option>
            <option value="member">Member</option>
          </select>
        </div>
        <Button type="submit" pending={invite.isPending}>
          Invite
        </Button>
      </form>
      {invite.error && !fieldErrors(invite.error).email ? (
        <div className="mt-2">
          <ErrorNote>{humanError(invite.error)}</ErrorNote>
        </div>
      ) : null}
      {invitations.data && invitations.data.length > 0 ? (
        <ul className="mt-4 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {invitations.data.map((invitation) => (
            <li
              key={invitation.id}
              className="flex flex-col gap-2 p-3 text-sm sm:flex-row sm:items-center sm:justify-between"
            >
              <span>
                {invitation.email} · {invitation.role} · expires {shortDate(invitation.expiresAt)}
              </span>
              <span className="flex gap-2">
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => resend.mutate({ websiteId, invitationId: invitation.id })}
                >
                  New link<span className="sr-only"> for {invitation.email}</span>
                </Button>
                <Button
                  size="sm"
                  variant="dangerGhost"
                  onClick={() => cancel.mutate({ websiteId, invitationId: invitation.id })}
                >
                  Cancel<span className="sr-only"> invitation for {invitation.email}</span>
                </Button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <Dialog
        open={link !== null}
        onOpenChange={(next) => (next ? undefined : setLink(null))}
        title="Invitation link"
        description={`Send this link to ${link?.email ?? ""}. It works once, for 7 days, when they sign in with that email.`}
      >
        {link ? <SecretReveal secret={link.url} label="Invitation link" onDone={() => setLink(null)} /> : null}
      </Dialog>
    </section>
  );
}
