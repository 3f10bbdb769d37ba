// `… usage` commands: a key's or a token's requests per UTC day by status class, and the last client seen.
import { type CredentialUsage, credentialUsageQuery } from "@keygate/core/contracts";
import type { Context } from "../context";
import { emit, printTable, write } from "./output";
import { defined, parseInput } from "./validate";

export const DAYS_FLAG = "--days <n>";
export const DAYS_HELP = "days to show, today (UTC) included, 1–90 (default 30)";

/** `--days` checked with the API's contract, so a mistake costs no round trip. */
export function usageQuery(days: string | undefined): { days: number } {
  return parseInput(credentialUsageQuery, defined({ days }));
}

/** Fetches and prints: one row per day (oldest first) with a total, then the last client seen. */
export async function showUsage(ctx: Context, path: string, days: string | undefined): Promise<void> {
  const query = usageQuery(days);
  const body = await ctx.api.body<CredentialUsage & { status: string }>("GET", path, { query });
  emit(ctx, body, () => {
    printTable(
      ctx,
      body.data.map((day) => ({ ...day, total: day["2xx"] + day["3xx"] + day["4xx"] + day["5xx"] })),
      ["date", "2xx", "3xx", "4xx", "5xx", "total"],
    );
    const seen = body.lastSeen;
    write(
      ctx,
      seen
        ? `Last seen ${seen.at} from ${seen.ip ?? "unknown"}${seen.userAgent ? ` (${seen.userAgent})` : ""}`
        : "Never used.",
    );
  });
}
