"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorNote, PageHeader } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function AcceptInvitation({ secret, email }: { secret: string; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const accept = useMutation(
    trpc.team.accept.mutationOptions({
      onSuccess: async ({ websiteId }) => {
        await queryClient.invalidateQueries(trpc.websites.list.queryFilter());
        router.push(`/websites/${websiteId}/developer`);
      },
    }),
  );
  return (
    <section className="max-w-lg">
      <PageHeader
        title="You're invited"
        description={`Accept as ${email} to join the website's team with the role you were given.`}
      />
      {accept.error ? <ErrorNote>{humanError(accept.error)}</ErrorNote> : null}
      <Button className="mt-4" pending={accept.isPending} onClick={() => accept.mutate({ secret })}>
        Accept invitation
      </Button>
    </section>
  );
}
