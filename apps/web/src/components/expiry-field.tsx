"use client";
// The expiry of a new key or token: never (default), 7/30/90 days or a chosen day; and how lists show it.
import { EXPIRY_PRESET_DAYS, expiresSoon, expiryInDays, expiryLabel } from "@keygate/core/contracts";
import { useId, useState } from "react";
import { inputClass } from "@/components/ui/field";

/**
 * The `expiresAt` a create form asks for: a preset counted from now, or the end of the chosen day
 * in the browser's time zone; undefined for never.
 */
export function expiryFromForm(form: FormData): string | undefined {
  const choice = String(form.get("expiry") || "never");
  if (choice === "never") return undefined;
  if (choice === "custom") {
    const day = String(form.get("expiryDate") || "");
    // An empty or unreadable day is sent as is, so the server's message names the field.
    const at = new Date(`${day}T23:59:59`);
    return Number.isNaN(at.getTime()) ? day : at.toISOString();
  }
  return expiryInDays(Number(choice));
}

export function ExpiryField({ error }: { error?: string | null }) {
  const id = useId();
  const [choice, setChoice] = useState("never");
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        Expires
      </label>
      <div className="flex gap-2">
        <select
          id={id}
          name="expiry"
          className={inputClass}
          value={choice}
          onChange={(event) => setChoice(event.target.value)}
          aria-describedby={`${id}-hint`}
          aria-invalid={error ? true : undefined}
        >
          <option value="never">Never</option>
          {EXPIRY_PRESET_DAYS.map((days) => (
            <option key={days} value={days}>
              In {days} days
            </option>
          ))}
          <option value="custom">On a date…</option>
        </select>
        {choice === "custom" ? (
          <input
            type="date"
            name="expiryDate"
            aria-label="Expiry date"
            min={tomorrow}
            required
            className={inputClass}
            aria-invalid={error ? true : undefined}
          />
        ) : null}
      </div>
      <p id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
        After it, requests get 401 "API key expired". Owners are emailed 7 days and 1 day before.
      </p>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Above a list: how many credentials have expired or expire within 7 days, and what to do. */
export function ExpiringSoonNote({ items, noun }: { items: { expiresAt?: string }[]; noun: string }) {
  const count = items.filter((item) => expiresSoon(item.expiresAt)).length;
  if (count === 0) return null;
  return (
    <p role="status" className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
      {count === 1 ? `1 ${noun} has expired or expires` : `${count} ${noun}s have expired or expire`} within 7 days
      (highlighted below): create a replacement and switch over before requests get 401.
    </p>
  );
}

/** "Expires in 12 days" under a credential in a list, highlighted when expired or within 7 days. */
export function ExpiryNote({ expiresAt }: { expiresAt?: string | null }) {
  if (!expiresAt) return null;
  const soon = expiresSoon(expiresAt);
  return (
    <span
      className={
        soon
          ? "block text-xs font-medium text-red-700 dark:text-red-300"
          : "block text-xs text-zinc-600 dark:text-zinc-400"
      }
      title={new Date(expiresAt).toLocaleString()}
    >
      {expiryLabel(expiresAt)}
    </span>
  );
}
