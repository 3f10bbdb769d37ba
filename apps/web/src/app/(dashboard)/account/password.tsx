"use client";
// Change password: the current one, then a new one by the sign-up rules. Every other session ends.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function ChangePassword() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const errors = fieldErrors(change.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    change.mutate(
      {
        currentPassword: String(data.get("currentPassword") ?? ""),
        newPassword: String(data.get("newPassword") ?? ""),
      },
      {
        onSuccess: async ({ sessionsEnded }) => {
          form.reset();
          await queryClient.invalidateQueries(trpc.account.sessions.queryFilter());
          const others = sessionsEnded === 1 ? "1 other session" : `${sessionsEnded} other sessions`;
          toast.success(sessionsEnded > 0 ? `Password changed; ${others} signed out` : "Password changed");
        },
      },
    );
  }

  return (
    <section aria-labelledby="password-heading" className="mt-10 max-w-md">
      <h2 id="password-heading" className="text-lg font-semibold">
        Change password
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Every other session is signed out; this one stays.
      </p>
      <form onSubmit={submit} className="mt-3 space-y-4" noValidate>
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={errors.currentPassword}
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          required
          minLength={8}
          error={errors.newPassword}
        />
        {change.error && !errors.currentPassword && !errors.newPassword ? (
          <ErrorNote>{humanError(change.error)}</ErrorNote>
        ) : null}
        <Button type="submit" pending={change.isPending}>
          Change password
        </Button>
      </form>
    </section>
  );
}
