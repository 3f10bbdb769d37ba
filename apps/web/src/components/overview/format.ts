// How the Overview writes its numbers: counts, percentages, durations and money, in English.
const count = new Intl.NumberFormat("en");
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export const formatCount = (value: number) => count.format(value);
export const formatCompact = (value: number) => compact.format(value);
export const formatPercent = (value: number) =>
  `${new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(value)}%`;

/** 0s, 45s, 2m 5s, 1h 4m: a session's length at a glance. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

export function formatMoney(value: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en", {
      style: "currency",
      currency,
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: Number.isInteger(value) ? 0 : 2,
      maximumFractionDigits: 2,
    }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

const regions = new Intl.DisplayNames(["en"], { type: "region" });

export function countryLabel(code: string): string {
  try {
    return regions.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
