"use client";
// Funnels: the list, and a form with 2–8 steps (a page visit or a goal each).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { EmptyState, ErrorNote, LoadingRows, PageHeader } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

type Step = { name: string; type: "pageview" | "goal"; value: string };
const EMPTY: Step[] = [
  { name: "", type: "pageview", value: "" },
  { name: "", type: "goal", value: "" },
];

export function Funnels({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const website = useQuery(trpc.websites.get.queryOptions({ websiteId }));
  const funnels = useQuery(trpc.funnels.list.queryOptions({ websiteId }));
  const [name, setName] = useState("");
  const [steps, setSteps] = useState<Step[]>(EMPTY);
  const refresh = () => queryClient.invalidateQueries(trpc.funnels.list.queryFilter({ websiteId }));
  const create = useMutation(
    trpc.funnels.create.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setName("");
        setSteps(EMPTY);
        toast.success("Funnel created");
      },
    }),
  );
  const remove = useMutation(
    trpc.funnels.delete.mutationOptions({ onSuccess: () => refresh().then(() => toast.success("Funnel deleted")) }),
  );
  const canWrite = website.data?.permissions.includes("funnels:write") ?? false;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({
      websiteId,
      name,
      steps: steps.map((s) =>
        s.type === "pageview"
          ? { name: s.name, type: s.type, url: s.value }
          : { name: s.name, type: s.type, goalName: s.value },
      ),
    });
  }
  const update = (index: number, patch: Partial<Step>) =>
    setSteps(steps.map((s, i) => (i === index ? { ...s, ...patch } : s)));

  return (
    <section>
      <PageHeader title="Funnels" description="Follow visitors through 2 to 8 steps: page visits or goals." />
      {funnels.isPending ? (
        <LoadingRows label="Loading funnels" />
      ) : funnels.isError ? (
        <ErrorNote>{humanError(funnels.error)}</ErrorNote>
      ) : funnels.data.length === 0 ? (
        <EmptyState title="No funnels yet">{canWrite ? "Create one below." : null}</EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {funnels.data.map((funnel) => (
            <li key={funnel._id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="font-medium">{funnel.name}</p>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  {funnel.steps.map((s) => s.name).join(" → ")}
                </p>
              </div>
              {canWrite ? (
                <Button
                  size="sm"
                  variant="dangerGhost"
                  onClick={() => remove.mutate({ websiteId, funnelId: funnel._id })}
                >
                  Delete<span className="sr-only"> {funnel.name}</span>
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form onSubmit={submit} className="mt-8 max-w-2xl space-y-4" noValidate>
          <h2 className="text-lg font-semibold">New funnel</h2>
          <Field
            label="Funnel name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            error={fieldErrors(create.error).name}
          />
          <ol className="space-y-3">
            {steps.map((step, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: steps are identified by their position
              <li key={index} className="grid gap-2 sm:grid-cols-[1fr_auto_1fr_auto] sm:items-end">
                <Field
                  label={`Step ${index + 1} name`}
                  value={step.name}
                  onChange={(e) => update(index, { name: e.target.value })}
                />
                <div className="space-y-1">
                  <label htmlFor={`step-${index}-type`} className="block text-sm font-medium">
                    Step {index + 1} type
                  </label>
                  <select
                    id={`step-${index}-type`}
                    className={inputClass}
                    value={step.type}
                    onChange={(e) => update(index, { type: e.target.value as Step["type"] })}
                  >
                    <option value="pageview">Page visit</option>
                    <option value="goal">Goal</option>
                  </select>
                </div>
                <Field
                  label={step.type === "pageview" ? `Step ${index + 1} path` : `Step ${index + 1} goal`}
                  placeholder={step.type === "pageview" ? "/pricing" : "signup"}
                  value={step.value}
                  onChange={(e) => update(index, { value: e.target.value })}
                />
                <Button
                  variant="ghost"
                  disabled={steps.length <= 2}
                  onClick={() => setSteps(steps.filter((_, i) => i !== index))}
                >
                  Remove<span className="sr-only"> step {index + 1}</span>
                </Button>
              </li>
            ))}
          </ol>
          <div className="flex gap-2">
            <Button
              variant="secondary"
              disabled={steps.length >= 8}
              onClick={() => setSteps([...steps, { name: "", type: "pageview", value: "" }])}
            >
              Add step
            </Button>
            <Button type="submit" pending={create.isPending}>
              Create funnel
            </Button>
          </div>
          {create.error ? <ErrorNote>{humanError(create.error)}</ErrorNote> : null}
        </form>
      ) : null}
    </section>
  );
}
