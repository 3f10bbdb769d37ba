"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { toast } from "sonner";
import { SignOutButton } from "@/components/sign-out-button";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ErrorNote, LoadingRows, PageHeader } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function Profile() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const account = useQuery(trpc.account.get.queryOptions());
  const update = useMutation(
    trpc.account.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.account.get.queryFilter());
        toast.success("Profile saved");
      },
    }),
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ name: String(new FormData(event.currentTarget).get("name") ?? "") });
  }
  return (
    <section>
      <PageHeader title="Account" description="Your profile." />
      {account.isPending ? (
        <LoadingRows label="Loading account" rows={2} />
      ) : account.isError ? (
        <ErrorNote>{humanError(account.error)}</ErrorNote>
      ) : (
        <form onSubmit={submit} className="max-w-md space-y-4" noValidate>
          <Field label="Email" name="email" value={account.data.email} readOnly disabled />
          <Field
            label="Name"
            name="name"
            defaultValue={account.data.name ?? ""}
            required
            error={fieldErrors(update.error).name}
          />
          {update.error && !fieldErrors(update.error).name ? <ErrorNote>{humanError(update.error)}</ErrorNote> : null}
          <div className="flex gap-2">
            <Button type="submit" pending={update.isPending}>
              Save
            </Button>
            <SignOutButton />
          </div>
        </form>
      )}
    </section>
  );
}
