"use client";
// Name, domain, time zone, currency, exclusions and allowed hostnames — sent to the same service
// and zod contract as PUT /admin/websites/{id}, so the same values pass and the same messages come back.
import type { UpdateWebsiteBody, WebsiteSettings } from "@keygate/core/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, inputClass, TextAreaField } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useSupportedValues } from "@/lib/intl-lists";
import { useTRPC } from "@/trpc/client";

const LISTS = [
  {
    key: "excludedIps",
    label: "Excluded IP addresses",
    hint: "One per line: an address or a CIDR range, e.g. 203.0.113.7 or 10.0.0.0/8.",
  },
  {
    key: "excludedPaths",
    label: "Excluded paths",
    hint: "One per line, starting with /; * matches anything: /admin/*.",
  },
  { key: "excludedCountries", label: "Excluded countries", hint: "One ISO country code per line, e.g. FR." },
  { key: "excludedHostnames", label: "Excluded hostnames", hint: "One per line, e.g. staging.example.com." },
  {
    key: "allowedHostnames",
    label: "Allowed hostnames",
    hint: "Other hostnames that may send events for this website, e.g. app.example.org or *.example.org.",
  },
] as const;

type ListKey = (typeof LISTS)[number]["key"];

const lines = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Only what changed goes to the server, so the audit log names what the person changed. */
function changesFrom(form: FormData, website: WebsiteSettings): UpdateWebsiteBody {
  const changes: Record<string, unknown> = {};
  const name = String(form.get("name") ?? "").trim() || null;
  if (name !== website.name) changes.name = name;
  for (const key of ["domain", "timezone", "currency"] as const) {
    const value = String(form.get(key) ?? "").trim();
    if (value !== website[key]) changes[key] = value;
  }
  for (const { key } of LISTS) {
    const value = lines(form.get(key));
    if (JSON.stringify(value) !== JSON.stringify(website[key])) changes[key] = value;
  }
  return changes as UpdateWebsiteBody;
}

/** REST's messages, per field; a list entry's message says which line it is about. */
function errorsFor(error: unknown, sent: UpdateWebsiteBody | null): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors(error))) {
    const [, field, index] = path.split(".");
    if (!field || errors[field]) continue;
    const entry = index === undefined ? undefined : (sent?.[field as ListKey] as string[] | undefined)?.[Number(index)];
    errors[field] = entry === undefined ? message : `${message} (line ${Number(index) + 1}: ${entry})`;
  }
  if (error instanceof TRPCClientError && error.data?.code === "CONFLICT") errors.domain = error.message;
  return errors;
}

export function SettingsForm({ website, canWrite }: { website: WebsiteSettings; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [sent, setSent] = useState<UpdateWebsiteBody | null>(null);
  const [version, setVersion] = useState(0);
  const zones = useSupportedValues("timeZone", website.timezone);
  const currencies = useSupportedValues("currency", website.currency);
  const update = useMutation(
    trpc.websites.update.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.websites.pathFilter()),
          queryClient.invalidateQueries(trpc.overview.pathFilter()),
        ]);
        setVersion((v) => v + 1);
        toast.success("Settings saved");
      },
    }),
  );
  const errors = errorsFor(update.error, sent);
  const general = update.error && Object.keys(errors).length === 0 ? humanError(update.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes = changesFrom(new FormData(event.currentTarget), website);
    if (Object.keys(changes).length === 0) {
      toast.info("Nothing to save: no setting changed");
      return;
    }
    setSent(changes);
    update.mutate({ websiteId: website._id, changes });
  }

  return (
    <form key={version} onSubmit={submit} noValidate aria-labelledby="general-heading" className="space-y-6">
      <fieldset disabled={!canWrite} className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-2">
          <h2 id="general-heading" className="text-lg font-semibold sm:col-span-2">
            General
          </h2>
          <Field label="Name" name="name" defaultValue={website.name ?? ""} error={errors.name} />
          <Field label="Domain" name="domain" defaultValue={website.domain} required error={errors.domain} />
          <div className="space-y-1">
            <label htmlFor="settings-timezone" className="block text-sm font-medium">
              Time zone
            </label>
            <select id="settings-timezone" name="timezone" defaultValue={website.timezone} className={inputClass}>
              {zones.map((zone) => (
                <option key={zone}>{zone}</option>
              ))}
            </select>
            {errors.timezone ? <p className="text-sm text-red-700 dark:text-red-400">{errors.timezone}</p> : null}
          </div>
          <div className="space-y-1">
            <label htmlFor="settings-currency" className="block text-sm font-medium">
              Currency
            </label>
            <select id="settings-currency" name="currency" defaultValue={website.currency} className={inputClass}>
              {currencies.map((code) => (
                <option key={code}>{code}</option>
              ))}
            </select>
            {errors.currency ? <p className="text-sm text-red-700 dark:text-red-400">{errors.currency}</p> : null}
          </div>
        </div>
        <div className="space-y-4">
          <h2 className="text-lg font-semibold">Exclusions and hostnames</h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Events matching an exclusion are acknowledged and not stored. Changes reach collection within 10 seconds.
          </p>
          <div className="grid gap-4 sm:grid-cols-2">
            {LISTS.map((list) => (
              <TextAreaField
                key={list.key}
                label={list.label}
                name={list.key}
                hint={list.hint}
                rows={3}
                spellCheck={false}
                defaultValue={website[list.key].join("\n")}
                error={errors[list.key]}
              />
            ))}
          </div>
        </div>
      </fieldset>
      {general ? <ErrorNote>{general}</ErrorNote> : null}
      {canWrite ? (
        <Button type="submit" pending={update.isPending}>
          Save settings
        </Button>
      ) : null}
    </form>
  );
}
