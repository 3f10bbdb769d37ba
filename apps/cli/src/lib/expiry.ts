// --expires-in-days / --expires-at on key and token creates: the optional `expiresAt` of the API.
import { expiryInDays, MAX_EXPIRY_DAYS } from "@keygate/core/contracts";
import { CliError } from "../errors";

export const EXPIRES_IN_DAYS_FLAG = "--expires-in-days <n>";
export const EXPIRES_IN_DAYS_HELP = `stop working n days from now (1–${MAX_EXPIRY_DAYS}; default: never)`;
export const EXPIRES_AT_FLAG = "--expires-at <iso>";
export const EXPIRES_AT_HELP = 'stop working at this instant, e.g. "2027-01-31T00:00:00Z" (default: never)';

export interface ExpiryOptions {
  expiresInDays?: string;
  expiresAt?: string;
}

/** The body's `expiresAt` from either flag (at most one); the contract then checks it, naming the flag. */
export function expiryFromFlags({ expiresInDays, expiresAt }: ExpiryOptions): { expiresAt?: string } {
  if (expiresInDays !== undefined && expiresAt !== undefined) {
    throw CliError.usage("Give --expires-in-days or --expires-at, not both");
  }
  if (expiresAt !== undefined) return { expiresAt };
  if (expiresInDays === undefined) return {};
  const days = /^\d+$/.test(expiresInDays.trim()) ? Number(expiresInDays) : Number.NaN;
  if (!(days >= 1 && days <= MAX_EXPIRY_DAYS)) {
    throw CliError.usage("Invalid input", [
      { path: "--expires-in-days", message: `Must be a whole number of days from 1 to ${MAX_EXPIRY_DAYS}` },
    ]);
  }
  return { expiresAt: expiryInDays(days) };
}

/** The list columns, with `expiresAt` only when some row has one (a list without stays as it was). */
export function withExpiryColumn(columns: string[], rows: { expiresAt?: string }[]): string[] {
  return rows.some((row) => row.expiresAt) ? [...columns, "expiresAt"] : columns;
}
