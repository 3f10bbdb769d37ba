"use client";
// Two-factor sign-in on the Account page: whether it is on, turning it on (two-factor-setup.tsx) and off.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { shortDate } from "@/lib/time";
import { useTRPC } from "@/trpc/client";
import { TwoFactorSetup } from "./two-factor-setup";

/** `required`: the admin console sent a staff member here, because it needs two-factor sign-in. */
export function TwoFactor({ required = false }: { required?: boolean }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.account.twoFactor.status.queryOptions());
  const [mode, setMode] = useState<"idle" | "setup" | "disable">("idle");
  if (!status.data) return null;
  const { enabled, enabledAt, recoveryCodesLeft } = status.data;
  return (
    <section aria-labelledby="two-factor" className="mt-10 max-w-md">
      <h2 id="two-factor" className="text-lg font-semibold">
        Two-factor sign-in
      </h2>
      {required && !enabled ? (
        <p
          role="status"
          className="mt-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          The admin console needs two-factor sign-in. Turn it on here, then open the console again.
        </p>
      ) : null}
      <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
        {enabled && enabledAt
          ? `On since ${shortDate(enabledAt)}: signing in takes your password and a code from your authenticator app. ${recoveryCodesLeft} of 10 recovery codes left.`
          : "Off. With it on, signing in takes your password and a 6-digit code from an authenticator app."}
      </p>
      <div className="mt-3">
        {mode === "setup" ? (
          <TwoFactorSetup onClose={() => setMode("idle")} />
        ) : mode === "disable" ? (
          <TurnOff onClose={() => setMode("idle")} />
        ) : enabled ? (
          <Button variant="secondary" onClick={() => setMode("disable")}>
            Turn off two-factor sign-in
          </Button>
        ) : (
          <Button onClick={() => setMode("setup")}>Turn on two-factor sign-in</Button>
        )}
      </div>
    </section>
  );
}

function TurnOff({ onClose }: { onClose(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const disable = useMutation(
    trpc.account.twoFactor.disable.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.account.twoFactor.status.queryFilter());
        toast.success("Two-factor sign-in is off");
        onClose();
      },
    }),
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    disable.mutate({ password: String(form.get("password") ?? ""), code: String(form.get("code") ?? "") });
  }
  const errors = fieldErrors(disable.error);
  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus
        error={errors.password}
      />
      <Field
        label="Code"
        name="code"
        autoComplete="one-time-code"
        hint="From your authenticator app, or a recovery code."
        required
        error={errors.code}
      />
      {disable.error && !errors.password && !errors.code ? <ErrorNote>{humanError(disable.error)}</ErrorNote> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="danger" pending={disable.isPending}>
          Turn off
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
