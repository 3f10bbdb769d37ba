// The Overview's period as calendar days in the website's time zone, with a bucket size that keeps
// the chart readable (hours for one day, days up to a quarter, then weeks, then months).
import { TZDate } from "@date-fns/tz";
import type { OverviewRange } from "@keygate/core/contracts";
import { format, subDays } from "date-fns";
import type { Interval } from "../../analytics";

export interface ResolvedPeriod {
  /** First and last day, both included, `YYYY-MM-DD` in the website's time zone. */
  from: string;
  to: string;
  interval: Interval;
}

/** Days before today that each rolling period starts: "last 7 days" ends today and holds 7 days. */
const DAYS_BACK = { today: 0, "7d": 6, "30d": 29, "90d": 89 } as const;

export function resolvePeriod(range: OverviewRange, timezone: string, now = new Date()): ResolvedPeriod {
  let from: string;
  let to: string;
  if (range.period === "custom") {
    from = range.from as string;
    to = range.to as string;
  } else {
    const today = new TZDate(now.getTime(), timezone);
    from = format(subDays(today, DAYS_BACK[range.period]), "yyyy-MM-dd");
    to = format(today, "yyyy-MM-dd");
  }
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  const interval: Interval = span === 0 ? "hour" : span <= 92 ? "day" : span <= 731 ? "week" : "month";
  return { from, to, interval };
}
