"use client";
// Today, the last 7/30/90 days or two chosen days, always in the website's time zone.
import { OVERVIEW_PERIODS, type OverviewPeriod, type OverviewRange } from "@keygate/core/contracts";
import { ToggleGroup } from "radix-ui";
import { type FormEvent, useState } from "react";
import { Button } from "../ui/button";
import { inputClass } from "../ui/field";

const LABELS: Record<OverviewPeriod, string> = {
  today: "Today",
  "7d": "7 days",
  "30d": "30 days",
  "90d": "90 days",
  custom: "Custom",
};

export function PeriodPicker({
  range,
  shown,
  onChange,
}: {
  range: OverviewRange;
  /** The days the current period covers, to start a custom period from. */
  shown: { from: string; to: string } | null;
  onChange(range: OverviewRange): void;
}) {
  const [choosing, setChoosing] = useState(false);
  const selected = choosing ? "custom" : range.period;

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const [from, to] = [String(form.get("from")), String(form.get("to"))];
    if (!from || !to) return;
    onChange({ period: "custom", ...(from <= to ? { from, to } : { from: to, to: from }) });
    setChoosing(false);
  }

  return (
    <div className="flex flex-col gap-2 sm:items-end">
      <ToggleGroup.Root
        type="single"
        value={selected}
        aria-label="Period"
        onValueChange={(value: string) => {
          if (!value) return;
          if (value === "custom") setChoosing(true);
          else {
            setChoosing(false);
            onChange({ period: value as OverviewPeriod });
          }
        }}
        className="inline-flex flex-wrap rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700"
      >
        {OVERVIEW_PERIODS.map((period) => (
          <ToggleGroup.Item
            key={period}
            value={period}
            className="rounded px-2.5 py-1 text-sm text-zinc-700 hover:bg-zinc-100 data-[state=on]:bg-indigo-600 data-[state=on]:text-white dark:text-zinc-300 dark:hover:bg-zinc-800 dark:data-[state=on]:bg-indigo-500"
          >
            {LABELS[period]}
          </ToggleGroup.Item>
        ))}
      </ToggleGroup.Root>
      {choosing ? (
        <form onSubmit={apply} className="flex flex-wrap items-end gap-2" aria-label="Custom period">
          <label className="text-sm">
            <span className="mb-1 block font-medium">From</span>
            <input
              type="date"
              name="from"
              required
              defaultValue={range.from ?? shown?.from}
              className={`${inputClass} w-auto`}
            />
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">To</span>
            <input
              type="date"
              name="to"
              required
              defaultValue={range.to ?? shown?.to}
              className={`${inputClass} w-auto`}
            />
          </label>
          <Button type="submit" size="sm">
            Apply
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setChoosing(false)}>
            Cancel
          </Button>
        </form>
      ) : null}
    </div>
  );
}
