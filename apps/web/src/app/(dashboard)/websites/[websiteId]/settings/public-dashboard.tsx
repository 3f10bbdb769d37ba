"use client";
// The public dashboard switch: on, anyone with the link reads this website's Overview (nothing else).
import type { WebsiteSettings } from "@keygate/core/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Switch } from "radix-ui";
import { useId } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/copy-button";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function PublicDashboard({
  website,
  canWrite,
  origin,
}: {
  website: WebsiteSettings;
  canWrite: boolean;
  origin: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const labelId = useId();
  const url = `${origin}/share/${website._id}`;
  const toggle = useMutation(
    trpc.websites.update.mutationOptions({
      onSuccess: async (updated) => {
        await queryClient.invalidateQueries(trpc.websites.pathFilter());
        toast.success(updated.publicDashboard ? "Public dashboard on" : "Public dashboard off");
      },
      onError: (error) => toast.error(humanError(error)),
    }),
  );
  const on = toggle.isPending ? Boolean(toggle.variables?.changes.publicDashboard) : website.publicDashboard;
  return (
    <section aria-labelledby={labelId} className="space-y-3">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id={labelId} className="text-lg font-semibold">
            Public dashboard
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Anyone with the link sees this website's Overview, without signing in — never its keys, team or settings.
          </p>
        </div>
        <Switch.Root
          checked={on}
          disabled={!canWrite || toggle.isPending}
          onCheckedChange={(checked) =>
            toggle.mutate({ websiteId: website._id, changes: { publicDashboard: checked } })
          }
          aria-labelledby={labelId}
          className="relative inline-flex h-6 w-11 shrink-0 items-center rounded-full bg-zinc-300 transition-colors disabled:opacity-60 data-[state=checked]:bg-indigo-600 dark:bg-zinc-700 dark:data-[state=checked]:bg-indigo-500"
        >
          <Switch.Thumb className="block size-5 translate-x-0.5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-[22px]" />
        </Switch.Root>
      </div>
      {on ? (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-900">
          <a href={url} className="font-mono break-all text-indigo-700 underline dark:text-indigo-300">
            {url}
          </a>
          <CopyButton text={url} label="Public dashboard link" />
        </div>
      ) : null}
    </section>
  );
}
