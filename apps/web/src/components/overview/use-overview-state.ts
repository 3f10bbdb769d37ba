"use client";
// The Overview's period and filters live in the URL, so a view can be reloaded, shared and undone
// with the back button.
import type { OverviewFilter, OverviewRange } from "@keygate/core/contracts";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { overviewStateFrom } from "./state";

export function useOverviewState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { range, filters } = useMemo(() => overviewStateFrom((key) => params.get(key)), [params]);

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(params);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) next.delete(key);
        else next.set(key, value);
      }
      const query = next.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  return {
    range,
    filters,
    setRange: (next: OverviewRange) => update({ period: next.period, from: next.from ?? null, to: next.to ?? null }),
    addFilter: (name: OverviewFilter, value: string) => update({ [name]: value }),
    removeFilter: (name: OverviewFilter) => update({ [name]: null }),
  };
}
