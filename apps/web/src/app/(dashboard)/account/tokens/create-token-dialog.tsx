"use client";
// Create an account token: permissions grouped by resource, two presets, and a website scope.
import type { Website } from "@keygate/core/contracts";
import { PERMISSIONS, type Permission } from "@keygate/core/policy";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ExpiryField, expiryFromForm } from "@/components/expiry-field";
import { SecretReveal } from "@/components/secret-reveal";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { listOf } from "@/lib/lists";
import { useTRPC } from "@/trpc/client";

export const PRESETS: { name: string; permissions: Permission[] }[] = [
  {
    name: "Read-only agent",
    permissions: ["analytics:read", "websites:read", "settings:read", "alerts:read", "funnels:read", "goals:read"],
  },
  {
    name: "Growth agent",
    permissions: [
      "analytics:read",
      "websites:read",
      "settings:write",
      "funnels:write",
      "alerts:write",
      "api-keys:read",
    ],
  },
];

/** `analytics:read` → group "analytics"; the groups keep the order of PERMISSIONS. */
const GROUPS = [...new Set(PERMISSIONS.map((p) => p.split(":")[0] as string))].map((resource) => ({
  resource,
  permissions: PERMISSIONS.filter((p) => p.startsWith(`${resource}:`)),
}));

export function CreateTokenDialog({
  open,
  onOpenChange,
  websites,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  websites: Website[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [full, setFull] = useState(false);
  const [chosen, setChosen] = useState<Set<Permission>>(new Set(PRESETS[0]?.permissions));
  const [scope, setScope] = useState<"all" | "some">("all");
  const [scopedTo, setScopedTo] = useState<Set<string>>(new Set());
  const create = useMutation(
    trpc.accessTokens.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.accessTokens.list.queryFilter()),
    }),
  );

  function close() {
    create.reset();
    setFull(false);
    setChosen(new Set(PRESETS[0]?.permissions));
    setScope("all");
    setScopedTo(new Set());
    onOpenChange(false);
  }
  function toggle<T>(set: Set<T>, value: T, on: boolean): Set<T> {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") || "").trim();
    const expiresAt = expiryFromForm(form);
    const allowedIps = listOf(String(form.get("allowedIps") || ""));
    create.mutate({
      name: name || undefined,
      permissions: full ? ["*"] : [...chosen],
      websiteIds: scope === "all" ? [] : [...scopedTo],
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      ...(allowedIps.length > 0 ? { allowedIps } : {}),
    });
  }

  const created = create.data;
  const invalid = (!full && chosen.size === 0) || (scope === "some" && scopedTo.size === 0);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title={created ? "Your new API token" : "Create an API token"}
      description={
        created
          ? `Token "${created.name ?? created.displayKey}" is ready.`
          : "Grant only what the script or agent needs."
      }
      modalLocked={Boolean(created)}
    >
      {created?.key ? (
        <SecretReveal secret={created.key} label="API token" onDone={close} />
      ) : (
        <form onSubmit={submit} className="space-y-5" noValidate>
          <Field label="Name" name="name" placeholder="AI agent" autoFocus />
          <ExpiryField error={fieldErrors(create.error).expiresAt} />
          <Field
            label="Allowed IPs (optional)"
            name="allowedIps"
            placeholder="203.0.113.0/24, 2001:db8::/32"
            hint="Addresses or CIDR ranges, separated by commas. Empty: works from anywhere."
            error={Object.entries(fieldErrors(create.error)).find(([path]) => path.startsWith("allowedIps"))?.[1]}
          />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Presets</legend>
            <div className="flex flex-wrap gap-2">
              {PRESETS.map((preset) => (
                <Button
                  key={preset.name}
                  size="sm"
                  variant="secondary"
                  onClick={() => {
                    setFull(false);
                    setChosen(new Set(preset.permissions));
                  }}
                >
                  {preset.name}
                </Button>
              ))}
            </div>
          </fieldset>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Permissions</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} />
              Full access (<code>*</code>)
            </label>
            <div className="grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-2">
              {GROUPS.map((group) => (
                <div
                  key={group.resource}
                  className="flex items-center justify-between gap-3 border-b border-zinc-100 py-1 text-sm dark:border-zinc-800"
                >
                  <span className="capitalize">{group.resource.replace("-", " ")}</span>
                  <span className="flex gap-3">
                    {group.permissions.map((permission) => (
                      <label key={permission} className="flex items-center gap-1">
                        <input
                          type="checkbox"
                          disabled={full}
                          checked={full || chosen.has(permission)}
                          onChange={(e) => setChosen(toggle(chosen, permission, e.target.checked))}
                          aria-label={permission}
                        />
                        {permission.split(":")[1]}
                      </label>
                    ))}
                  </span>
                </div>
              ))}
            </div>
          </fieldset>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Websites</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="scope" checked={scope === "all"} onChange={() => setScope("all")} />
              All my websites, now and later
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="scope"
                checked={scope === "some"}
                onChange={() => setScope("some")}
                disabled={websites.length === 0}
              />
              Only these websites
            </label>
            {scope === "some" ? (
              <div className="ml-6 space-y-1">
                {websites.map((website) => (
                  <label key={website._id} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={scopedTo.has(website._id)}
                      onChange={(e) => setScopedTo(toggle(scopedTo, website._id, e.target.checked))}
                    />
                    {website.domain}
                  </label>
                ))}
              </div>
            ) : null}
          </fieldset>
          {create.error ? <ErrorNote>{humanError(create.error)}</ErrorNote> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" pending={create.isPending} disabled={invalid}>
              Create token
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
