"use client";
import { WEBSITE_KEY_PERMISSIONS } from "@keygate/core/policy";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { ExpiryField, expiryFromForm } from "@/components/expiry-field";
import { SecretReveal } from "@/components/secret-reveal";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClass } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { listOf } from "@/lib/lists";
import { useTRPC } from "@/trpc/client";

export interface KeyDialogTarget {
  id: string;
  name: string | null;
  displayKey: string;
}

function useRefreshKeys(websiteId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter({ websiteId }));
}

export function CreateKeyDialog({
  websiteId,
  open,
  onOpenChange,
}: {
  websiteId: string;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshKeys(websiteId);
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: () => refresh() }));
  const close = () => {
    create.reset();
    onOpenChange(false);
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") || "").trim();
    const permissions = form.getAll("permissions").map(String);
    const allowedIps = listOf(String(form.get("allowedIps") || ""));
    const expiresAt = expiryFromForm(form);
    create.mutate({
      websiteId,
      name: name || undefined,
      ...(permissions.length > 0 ? { permissions } : {}),
      ...(allowedIps.length > 0 ? { allowedIps } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    });
  }
  const errors = fieldErrors(create.error);
  const firstError = (field: string) =>
    Object.entries(errors).find(([path]) => path === field || path.startsWith(`${field}.`))?.[1];
  const created = create.data;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title={created ? "Your new API key" : "Create an API key"}
      description={
        created ? `Key "${created.name ?? created.displayKey}" is ready.` : "Give it a name you will recognise later."
      }
      modalLocked={Boolean(created)}
    >
      {created?.key ? (
        <SecretReveal secret={created.key} label="API key" onDone={close} />
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field label="Name" name="name" placeholder="Production backend" autoFocus error={errors.name} />
          <ExpiryField error={errors.expiresAt} />
          <details className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
            <summary className="cursor-pointer font-medium">Restrictions (optional)</summary>
            <fieldset className="mt-3" aria-describedby="key-permissions-hint">
              <legend className="font-medium">Permissions</legend>
              <p id="key-permissions-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
                None ticked: a full key (member level on this website). Tick some for a restricted key.
              </p>
              <div className="mt-2 grid grid-cols-2 gap-1">
                {[...WEBSITE_KEY_PERMISSIONS].map((permission) => (
                  <label key={permission} className="flex items-center gap-2">
                    <input type="checkbox" name="permissions" value={permission} />
                    <code>{permission}</code>
                  </label>
                ))}
              </div>
              {firstError("permissions") ? (
                <p className="mt-1 text-xs text-red-600">{firstError("permissions")}</p>
              ) : null}
            </fieldset>
            <Field
              className="mt-3"
              label="Allowed IPs"
              name="allowedIps"
              placeholder="203.0.113.0/24, 2001:db8::/32"
              hint="Addresses or CIDR ranges, separated by commas. Empty: works from anywhere."
              error={firstError("allowedIps")}
            />
          </details>
          {create.error ? <ErrorNote>{humanError(create.error)}</ErrorNote> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" pending={create.isPending}>
              Create key
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** How long the old value keeps working after a roll, in minutes (the API takes 0 to 10080). */
const GRACE_CHOICES = [
  { minutes: 0, label: "Immediately (stops working now)" },
  { minutes: 60, label: "1 hour" },
  { minutes: 24 * 60, label: "24 hours" },
  { minutes: 7 * 24 * 60, label: "7 days" },
] as const;

export function RollKeyDialog({
  websiteId,
  target,
  onClose,
}: {
  websiteId: string;
  target: KeyDialogTarget | null;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshKeys(websiteId);
  const roll = useMutation(trpc.apiKeys.roll.mutationOptions({ onSuccess: () => refresh() }));
  const [graceMinutes, setGraceMinutes] = useState(0);
  const close = () => {
    roll.reset();
    setGraceMinutes(0);
    onClose();
  };
  const rolled = roll.data;
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(next) => (next ? undefined : close())}
      title={rolled ? "Your rolled API key" : "Roll this key?"}
      description={
        rolled
          ? graceMinutes > 0
            ? "Replace the old value wherever it is used before its grace period ends."
            : "Replace the old value wherever it is used."
          : `${target?.name ?? target?.displayKey ?? "The key"} gets a new value. Choose how long the current value keeps working.`
      }
      modalLocked={Boolean(rolled)}
    >
      {rolled?.key ? (
        <SecretReveal secret={rolled.key} label="API key" onDone={close} />
      ) : (
        <div className="space-y-4">
          <div className="space-y-1">
            <label htmlFor="roll-grace" className="block text-sm font-medium">
              Old key keeps working for
            </label>
            <select
              id="roll-grace"
              name="expireOldKeyInMinutes"
              value={graceMinutes}
              onChange={(event) => setGraceMinutes(Number(event.target.value))}
              className={inputClass}
            >
              {GRACE_CHOICES.map((choice) => (
                <option key={choice.minutes} value={choice.minutes}>
                  {choice.label}
                </option>
              ))}
            </select>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              Rolling again during a grace period ends it: only the latest old value keeps working.
            </p>
          </div>
          {roll.error ? <ErrorNote>{humanError(roll.error)}</ErrorNote> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              variant="danger"
              pending={roll.isPending}
              onClick={() =>
                target && roll.mutate({ websiteId, apiKeyId: target.id, expireOldKeyInMinutes: graceMinutes })
              }
            >
              Roll key
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

export function RevokeKeyDialog({
  websiteId,
  target,
  onClose,
}: {
  websiteId: string;
  target: KeyDialogTarget | null;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshKeys(websiteId);
  const [typed, setTyped] = useState("");
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast.success("Key revoked");
        close();
      },
    }),
  );
  function close() {
    revoke.reset();
    setTyped("");
    onClose();
  }
  const expected = "revoke";
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(next) => (next ? undefined : close())}
      title="Revoke this key?"
      description={`${target?.name ?? "This key"} (${target?.displayKey ?? ""}) stops working immediately. This cannot be undone.`}
    >
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (target && typed === expected) revoke.mutate({ websiteId, apiKeyId: target.id });
        }}
      >
        <Field
          label={`Type "${expected}" to confirm`}
          name="confirm"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          autoFocus
        />
        {revoke.error ? <ErrorNote>{humanError(revoke.error)}</ErrorNote> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={typed !== expected} pending={revoke.isPending}>
            Revoke key
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
