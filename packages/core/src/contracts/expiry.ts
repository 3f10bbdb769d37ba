// Credential expiry: the optional `expiresAt` of website keys and account tokens, its bounds, and the
// presets the dashboard offers. Pure, so the browser shows what the server will decide.
import { z } from "zod";

const DAY_MS = 86_400_000;
/** The furthest an expiry may be set: about five years ahead. */
export const MAX_EXPIRY_DAYS = 1_826;
/** Expiry choices offered by the dashboard (days from now); "never" and a custom date besides. */
export const EXPIRY_PRESET_DAYS = [7, 30, 90] as const;
/** Warnings are mailed this many days before a credential expires. */
export const EXPIRY_WARNING_DAYS = [7, 1] as const;

export const expiresAt = z.iso
  .datetime({ offset: true, message: "Must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z" })
  // An unreadable value has its one message above; these two judge readable ones only.
  .refine((value) => !(Date.parse(value) <= Date.now()), { message: "Must be in the future" })
  .refine((value) => !(Date.parse(value) > Date.now() + MAX_EXPIRY_DAYS * DAY_MS), {
    message: `Must be at most ${MAX_EXPIRY_DAYS} days (about 5 years) ahead`,
  })
  .describe(
    "When the credential stops working (ISO 8601 date-time, in the future, at most 5 years ahead); it then " +
      'gets 401 "API key expired". Leave out for never. A warning is mailed 7 days and 1 day before.',
  );

/** `expiresAt` in a response: present only when the credential has one. */
export const expiresAtResponse = z
  .string()
  .optional()
  .describe('Only when set: when the credential stops working (ISO 8601, UTC); afterwards 401 "API key expired"');

/** The ISO instant `days` days after `now`. */
export function expiryInDays(days: number, now = Date.now()): string {
  return new Date(now + days * DAY_MS).toISOString();
}

/** "Expired", "Expires in 5 h", "Expires in 1 day", "Expires in 12 days": how lists show an expiry. */
export function expiryLabel(expiresAtIso: string, now = Date.now()): string {
  const ms = Date.parse(expiresAtIso) - now;
  if (ms <= 0) return "Expired";
  const days = Math.ceil(ms / DAY_MS);
  if (ms < DAY_MS) return `Expires in ${Math.max(1, Math.ceil(ms / 3_600_000))} h`;
  return `Expires in ${days} day${days === 1 ? "" : "s"}`;
}

/** Whether a list should draw attention to the credential: expired, or expiring within 7 days. */
export function expiresSoon(expiresAtIso: string | null | undefined, now = Date.now()): boolean {
  return Boolean(expiresAtIso) && Date.parse(expiresAtIso as string) - now <= 7 * DAY_MS;
}
