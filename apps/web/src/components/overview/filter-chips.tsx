"use client";
// The filters a reader added by clicking rows, each removable with one click or key press.
import type { OverviewFilter, OverviewFilters } from "@keygate/core/contracts";
import { countryLabel } from "./format";

const NAMES: Record<OverviewFilter, string> = {
  country: "Country",
  page: "Page",
  referrer: "Referrer",
  device: "Device",
};

export function FilterChips({
  filters,
  labels,
  onRemove,
}: {
  filters: OverviewFilters;
  /** Names the lists gave the values (a country's name as its row shows it); otherwise the value. */
  labels: Partial<Record<OverviewFilter, string>>;
  onRemove(name: OverviewFilter): void;
}) {
  const active = (Object.entries(filters) as [OverviewFilter, string | undefined][]).filter(
    (entry): entry is [OverviewFilter, string] => Boolean(entry[1]),
  );
  if (active.length === 0) return null;
  return (
    <ul aria-label="Filters" className="mb-4 flex flex-wrap gap-2">
      {active.map(([name, value]) => (
        <li key={name}>
          <button
            type="button"
            onClick={() => onRemove(name)}
            className="inline-flex items-center gap-1.5 rounded-full bg-indigo-50 px-3 py-1 text-sm text-indigo-900 hover:bg-indigo-100 dark:bg-indigo-950 dark:text-indigo-100 dark:hover:bg-indigo-900"
          >
            <span>
              {NAMES[name]}:{" "}
              <span className="font-medium">{labels[name] ?? (name === "country" ? countryLabel(value) : value)}</span>
            </span>
            <span aria-hidden>×</span>
            <span className="sr-only">(remove filter)</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
