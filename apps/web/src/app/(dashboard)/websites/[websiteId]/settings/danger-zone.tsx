"use client";
// Deleting the website: owners only, after typing its domain. What goes with it is said up front.
import type { WebsiteSettings } from "@keygate/core/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function DangerZone({ website }: { website: WebsiteSettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const remove = useMutation(
    trpc.websites.delete.mutationOptions({
      onSuccess: async ({ domain }) => {
        toast.success(`${domain} deleted`);
        router.replace("/websites");
        queryClient.removeQueries(trpc.websites.get.queryFilter({ websiteId: website._id }));
        await queryClient.invalidateQueries(trpc.websites.list.queryFilter());
      },
    }),
  );
  function close() {
    remove.reset();
    setTyped("");
    setOpen(false);
  }
  const confirmError = fieldErrors(remove.error).confirmDomain;
  return (
    <section
      aria-labelledby="danger-heading"
      className="space-y-3 rounded-lg border border-red-300 p-4 dark:border-red-900"
    >
      <h2 id="danger-heading" className="text-lg font-semibold text-red-800 dark:text-red-300">
        Danger zone
      </h2>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Delete this website with its API keys, team, invitations, funnels, alerts and every event, visitor and
          payment. Account tokens lose access to it; a token limited to this website alone is revoked.
        </p>
        <Button variant="danger" className="shrink-0" onClick={() => setOpen(true)}>
          Delete website
        </Button>
      </div>
      <Dialog
        open={open}
        onOpenChange={(next) => (next ? setOpen(true) : close())}
        title={`Delete ${website.domain}?`}
        description="This cannot be undone. Its keys stop working at once."
      >
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (typed.trim() === website.domain) remove.mutate({ websiteId: website._id, confirmDomain: typed });
          }}
        >
          <Field
            label={`Type "${website.domain}" to confirm`}
            name="confirmDomain"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            autoFocus
            error={confirmError}
          />
          {remove.error && !confirmError ? <ErrorNote>{humanError(remove.error)}</ErrorNote> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="danger"
              disabled={typed.trim() !== website.domain}
              pending={remove.isPending}
            >
              Delete website
            </Button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}
