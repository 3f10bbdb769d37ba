"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useMemo } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClass } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function CreateWebsiteDialog({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const create = useMutation(
    trpc.websites.create.mutationOptions({
      onSuccess: async (website) => {
        await queryClient.invalidateQueries(trpc.websites.list.queryFilter());
        toast.success(`${website.domain} added`);
        onOpenChange(false);
        router.push(`/websites/${website.websiteId}`);
      },
    }),
  );
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
  const localZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      domain: String(form.get("domain")),
      timezone: String(form.get("timezone")),
      name: String(form.get("name") || "").trim() || undefined,
    });
  }

  const errors = fieldErrors(create.error);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) create.reset();
        onOpenChange(next);
      }}
      title="Add a website"
      description="You become its owner."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Domain" name="domain" placeholder="example.com" required autoFocus error={errors.domain} />
        <Field label="Name" name="name" hint="Optional. Shown instead of the domain." error={errors.name} />
        <div className="space-y-1">
          <label htmlFor="timezone" className="block text-sm font-medium">
            Time zone
          </label>
          <select
            id="timezone"
            name="timezone"
            defaultValue={zones.includes(localZone) ? localZone : "UTC"}
            className={inputClass}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </div>
        {create.error && !errors.domain && !errors.name ? <ErrorNote>{humanError(create.error)}</ErrorNote> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" pending={create.isPending}>
            Add website
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
