"use client";
// Turning two-factor sign-in on: the password again, then the secret (QR code and text) for an
// authenticator app, a first code to confirm, and the recovery codes, shown this once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function TwoFactorSetup({ onClose }: { onClose(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const begin = useMutation(trpc.account.twoFactor.begin.mutationOptions());
  const enable = useMutation(
    trpc.account.twoFactor.enable.mutationOptions({ onSuccess: (data) => setRecoveryCodes(data.recoveryCodes) }),
  );

  function value(event: FormEvent<HTMLFormElement>, name: string): string {
    event.preventDefault();
    return String(new FormData(event.currentTarget).get(name) ?? "");
  }

  async function done() {
    setRecoveryCodes(null);
    await queryClient.invalidateQueries(trpc.account.twoFactor.status.queryFilter());
    toast.success("Two-factor sign-in is on");
    onClose();
  }

  if (recoveryCodes) {
    return (
      <div className="space-y-3">
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          Two-factor sign-in is on. Keep these recovery codes somewhere safe: each one signs you in once without your
          authenticator app. You won't be able to see them again.
        </p>
        <ul
          data-testid="recovery-codes"
          aria-label="Recovery codes"
          className="grid grid-cols-2 gap-1 rounded-md bg-zinc-100 p-3 font-mono text-sm dark:bg-zinc-800"
        >
          {recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <div className="flex justify-end gap-2">
          <CopyButton text={recoveryCodes.join("\n")} label="Recovery codes" />
          <Button onClick={done}>Done</Button>
        </div>
      </div>
    );
  }

  if (!begin.data) {
    const errors = fieldErrors(begin.error);
    return (
      <form
        method="post"
        onSubmit={(e) => begin.mutate({ password: value(e, "password") })}
        className="space-y-4"
        noValidate
      >
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          hint="Enter your password again to change how you sign in."
          required
          autoFocus
          error={errors.password}
        />
        {begin.error && !errors.password ? <ErrorNote>{humanError(begin.error)}</ErrorNote> : null}
        <div className="flex gap-2">
          <Button type="submit" pending={begin.isPending}>
            Continue
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    );
  }

  const errors = fieldErrors(enable.error);
  return (
    <form method="post" onSubmit={(e) => enable.mutate({ code: value(e, "code") })} className="space-y-4" noValidate>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        Scan this QR code with an authenticator app (1Password, Google Authenticator, Authy…), or type the key below
        into it. Then enter the 6-digit code the app shows.
      </p>
      {/* biome-ignore lint/performance/noImgElement: a data URL drawn by our server, nothing for next/image to optimise */}
      <img src={begin.data.qrCode} alt="QR code of the two-factor key" width={192} height={192} className="bg-white" />
      <div>
        <p className="text-sm font-medium">Key</p>
        <code
          data-testid="totp-secret"
          className="mt-1 block rounded-md bg-zinc-100 px-3 py-2 font-mono text-sm select-all dark:bg-zinc-800"
        >
          {begin.data.secret}
        </code>
      </div>
      <Field
        label="Code from the app"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        required
        autoFocus
        error={errors.code}
      />
      {enable.error && !errors.code ? <ErrorNote>{humanError(enable.error)}</ErrorNote> : null}
      <div className="flex gap-2">
        <Button type="submit" pending={enable.isPending}>
          Turn on
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
