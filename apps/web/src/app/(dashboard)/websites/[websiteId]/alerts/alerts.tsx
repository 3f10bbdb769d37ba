"use client";
// Alerts: the list with on/off switches, and a form for a new one.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { EmptyState, ErrorNote, LoadingRows, PageHeader } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function Alerts({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const messageId = useId();
  const website = useQuery(trpc.websites.get.queryOptions({ websiteId }));
  const alerts = useQuery(trpc.alerts.list.queryOptions({ websiteId }));
  const refresh = () => queryClient.invalidateQueries(trpc.alerts.list.queryFilter({ websiteId }));
  const onError = (error: unknown) => toast.error(humanError(error));
  const create = useMutation(
    trpc.alerts.create.mutationOptions({ onSuccess: () => refresh().then(() => toast.success("Alert created")) }),
  );
  const toggle = useMutation(trpc.alerts.setEnabled.mutationOptions({ onSuccess: () => refresh(), onError }));
  const remove = useMutation(
    trpc.alerts.delete.mutationOptions({
      onSuccess: () => refresh().then(() => toast.success("Alert deleted")),
      onError,
    }),
  );
  const canWrite = website.data?.permissions.includes("alerts:write") ?? false;
  const count = alerts.data?.alerts.length ?? 0;
  const limit = alerts.data?.limit ?? 25;
  const errors = fieldErrors(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const subject = String(form.get("subject") ?? "").trim();
    create.mutate(
      {
        websiteId,
        alert: {
          name: String(form.get("name") ?? ""),
          trigger: { goalName: String(form.get("goalName") ?? "") },
          template: { message: String(form.get("message") ?? ""), ...(subject ? { subject } : {}) },
          isEnabled: true,
        },
      },
      { onSuccess: () => (event.target as HTMLFormElement).reset() },
    );
  }

  return (
    <section>
      <PageHeader title="Alerts" description={`Get a message when a goal happens. ${count} of ${limit} alerts used.`} />
      {alerts.isPending ? (
        <LoadingRows label="Loading alerts" />
      ) : alerts.isError ? (
        <ErrorNote>{humanError(alerts.error)}</ErrorNote>
      ) : alerts.data.alerts.length === 0 ? (
        <EmptyState title="No alerts yet">{canWrite ? "Create one below." : null}</EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {alerts.data.alerts.map((alert) => (
            <li key={alert._id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="font-medium">{alert.name}</p>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">When “{alert.trigger.goalName}” happens</p>
              </div>
              {canWrite ? (
                <div className="flex items-center gap-3 text-sm">
                  <label className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      checked={alert.isEnabled}
                      onChange={(e) => toggle.mutate({ websiteId, alertId: alert._id, isEnabled: e.target.checked })}
                    />
                    On<span className="sr-only"> for {alert.name}</span>
                  </label>
                  <Button
                    size="sm"
                    variant="dangerGhost"
                    onClick={() => remove.mutate({ websiteId, alertId: alert._id })}
                  >
                    Delete<span className="sr-only"> {alert.name}</span>
                  </Button>
                </div>
              ) : (
                <span className="text-sm">{alert.isEnabled ? "On" : "Off"}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form onSubmit={submit} className="mt-8 max-w-xl space-y-4" noValidate>
          <h2 className="text-lg font-semibold">New alert</h2>
          <Field label="Alert name" name="name" required error={errors["alert.name"]} />
          <Field label="Goal" name="goalName" placeholder="signup" required error={errors["alert.trigger.goalName"]} />
          <Field label="Subject" name="subject" hint="Optional" error={errors["alert.template.subject"]} />
          <div className="space-y-1">
            <label htmlFor={messageId} className="block text-sm font-medium">
              Message
            </label>
            <textarea
              id={messageId}
              name="message"
              rows={4}
              className={inputClass}
              aria-describedby={`${messageId}-hint`}
              aria-invalid={errors["alert.template.message"] ? true : undefined}
            />
            <p id={`${messageId}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
              10 to 2000 characters.
            </p>
            {errors["alert.template.message"] ? (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {errors["alert.template.message"]}
              </p>
            ) : null}
          </div>
          {create.error && Object.keys(errors).length === 0 ? <ErrorNote>{humanError(create.error)}</ErrorNote> : null}
          <Button type="submit" pending={create.isPending} disabled={count >= limit}>
            Create alert
          </Button>
        </form>
      ) : null}
    </section>
  );
}
