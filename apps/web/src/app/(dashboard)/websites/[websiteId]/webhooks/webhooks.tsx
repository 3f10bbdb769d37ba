"use client";
// Webhooks: endpoints with their events, the signing secret shown once, a test event, the delivery log.
import { WEBHOOK_EVENTS } from "@keygate/core/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { SecretReveal } from "@/components/secret-reveal";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { EmptyState, ErrorNote, LoadingRows, PageHeader } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";
import { DeliveryLog } from "./delivery-log";

export function Webhooks({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const website = useQuery(trpc.websites.get.queryOptions({ websiteId }));
  const canRead = website.data ? website.data.role !== "viewer" : false;
  const canWrite = website.data?.permissions.includes("settings:write") ?? false;
  const webhooks = useQuery({ ...trpc.webhooks.list.queryOptions({ websiteId }), enabled: canRead });
  const refresh = () => queryClient.invalidateQueries(trpc.webhooks.list.queryFilter({ websiteId }));
  const onError = (error: unknown) => toast.error(humanError(error));
  const create = useMutation(trpc.webhooks.create.mutationOptions({ onSuccess: () => refresh() }));
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: () => refresh().then(() => toast.success("Webhook deleted")),
      onError,
    }),
  );
  const [confirming, setConfirming] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const errors = fieldErrors(create.error);
  const count = webhooks.data?.webhooks.length ?? 0;
  const limit = webhooks.data?.limit ?? 5;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const events = form.getAll("events").map(String) as (typeof WEBHOOK_EVENTS)[number][];
    create.mutate(
      { websiteId, webhook: { url: String(form.get("url") ?? "").trim(), events } },
      { onSuccess: () => (event.target as HTMLFormElement).reset() },
    );
  }

  if (website.data && !canRead) {
    return (
      <section>
        <PageHeader title="Webhooks" description="Owners and members manage webhooks." />
      </section>
    );
  }
  return (
    <section>
      <PageHeader
        title="Webhooks"
        description={`Keygate POSTs signed events (keys, team, alerts) to these URLs. ${count} of ${limit} endpoints used.`}
      />
      {webhooks.isPending ? (
        <LoadingRows label="Loading webhooks" />
      ) : webhooks.isError ? (
        <ErrorNote>{humanError(webhooks.error)}</ErrorNote>
      ) : webhooks.data.webhooks.length === 0 ? (
        <EmptyState title="No webhooks yet">{canWrite ? "Add an endpoint below." : null}</EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {webhooks.data.webhooks.map((webhook) => (
            <li key={webhook._id} className="space-y-3 p-4">
              <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <p className="truncate font-mono text-sm">{webhook.url}</p>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">
                    {webhook.events.length === 0 ? "Every event" : webhook.events.join(", ")}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => setOpen(open === webhook._id ? null : webhook._id)}
                  >
                    {open === webhook._id ? "Hide deliveries" : "Deliveries"}
                  </Button>
                  {canWrite ? (
                    <>
                      <TestButton websiteId={websiteId} webhookId={webhook._id} onSent={() => setOpen(webhook._id)} />
                      {confirming === webhook._id ? (
                        <Button
                          size="sm"
                          variant="dangerGhost"
                          pending={remove.isPending}
                          onClick={() => remove.mutate({ websiteId, webhookId: webhook._id })}
                        >
                          Confirm delete<span className="sr-only"> {webhook.url}</span>
                        </Button>
                      ) : (
                        <Button size="sm" variant="dangerGhost" onClick={() => setConfirming(webhook._id)}>
                          Delete<span className="sr-only"> {webhook.url}</span>
                        </Button>
                      )}
                    </>
                  ) : null}
                </div>
              </div>
              {open === webhook._id ? <DeliveryLog websiteId={websiteId} webhookId={webhook._id} /> : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite && create.data?.secret ? (
        <div className="mt-8 max-w-xl space-y-2">
          <h2 className="text-lg font-semibold">Signing secret</h2>
          <p className="text-sm">
            Verify the <code>Keygate-Signature</code> header of each request to {create.data.url} with this secret.
          </p>
          <SecretReveal secret={create.data.secret} label="Signing secret" onDone={() => create.reset()} />
        </div>
      ) : canWrite ? (
        <form onSubmit={submit} className="mt-8 max-w-xl space-y-4" noValidate>
          <h2 className="text-lg font-semibold">New endpoint</h2>
          <Field
            label="URL"
            name="url"
            type="url"
            placeholder="https://example.com/hooks/keygate"
            hint="Public http(s) addresses only."
            required
            error={errors["webhook.url"]}
          />
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">Events (none checked: every event)</legend>
            {WEBHOOK_EVENTS.map((name) => (
              <label key={name} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="events" value={name} />
                <code>{name}</code>
              </label>
            ))}
          </fieldset>
          {create.error && !errors["webhook.url"] ? <ErrorNote>{humanError(create.error)}</ErrorNote> : null}
          <Button type="submit" pending={create.isPending} disabled={count >= limit}>
            Add endpoint
          </Button>
        </form>
      ) : null}
    </section>
  );
}

function TestButton({ websiteId, webhookId, onSent }: { websiteId: string; webhookId: string; onSent(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const test = useMutation(
    trpc.webhooks.test.mutationOptions({
      onSuccess: () => {
        toast.success("Test event queued");
        onSent();
        return queryClient.invalidateQueries(trpc.webhooks.deliveries.queryFilter({ websiteId, webhookId }));
      },
      onError: (error) => toast.error(humanError(error)),
    }),
  );
  return (
    <Button
      size="sm"
      variant="secondary"
      pending={test.isPending}
      onClick={() => test.mutate({ websiteId, webhookId })}
    >
      Send test event
    </Button>
  );
}
