"use client";
// Where you are signed in: every live session (this device marked), signing one out, or all of them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Bowser from "bowser";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote, LoadingRows } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { shortDate, timeAgo } from "@/lib/time";
import { useTRPC } from "@/trpc/client";

/** "Chrome 131 on Linux", or the raw header when it says nothing recognisable. */
function deviceName(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split(".")[0]].filter(Boolean).join(" ");
  const os = parsed.os.name;
  if (!browser) return userAgent.slice(0, 80);
  return os ? `${browser} on ${os}` : browser;
}

/** Leaves this browser signed out too: clears its cookie and goes to the sign-in page. */
const leave = () => signOut({ callbackUrl: "/signin" });

export function Sessions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmAll, setConfirmAll] = useState(false);
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const endOne = useMutation(
    trpc.account.endSession.mutationOptions({
      onSuccess: async (result) => {
        if (result.current) return leave();
        await queryClient.invalidateQueries(trpc.account.sessions.queryFilter());
        toast.success("Session signed out");
      },
      onError: (error) => toast.error(humanError(error)),
    }),
  );
  const endAll = useMutation(trpc.account.endAllSessions.mutationOptions({ onSuccess: leave }));

  return (
    <section aria-labelledby="sessions-heading" className="mt-10 max-w-2xl">
      <h2 id="sessions-heading" className="text-lg font-semibold">
        Sessions
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Where you are signed in. Sign out of any you don't recognise, then change your password.
      </p>
      {sessions.isPending ? (
        <LoadingRows label="Loading sessions" rows={2} />
      ) : sessions.isError ? (
        <ErrorNote>{humanError(sessions.error)}</ErrorNote>
      ) : (
        <ul aria-label="Active sessions" className="mt-3 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {sessions.data.map((session) => (
            <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
              <div>
                <p className="font-medium">
                  {deviceName(session.userAgent)}
                  {session.current ? (
                    <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
                      This device
                    </span>
                  ) : null}
                </p>
                <p className="text-zinc-600 dark:text-zinc-400">
                  {session.ip ?? "Unknown address"} · last seen {timeAgo(session.lastSeenAt).toLowerCase()} · signed in{" "}
                  {shortDate(session.createdAt)}
                </p>
              </div>
              <Button
                size="sm"
                variant="dangerGhost"
                pending={endOne.isPending && endOne.variables?.sessionId === session.id}
                onClick={() => endOne.mutate({ sessionId: session.id })}
              >
                Sign out
                <span className="sr-only">
                  {" "}
                  {session.current ? "of this device" : `of ${deviceName(session.userAgent)}, ${session.ip ?? ""}`}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Button variant="secondary" className="mt-3" onClick={() => setConfirmAll(true)}>
        Sign out everywhere
      </Button>
      <Dialog
        open={confirmAll}
        onOpenChange={setConfirmAll}
        title="Sign out everywhere?"
        description="Every session ends, this one included. You will need to sign in again on each device."
      >
        {endAll.error ? <ErrorNote>{humanError(endAll.error)}</ErrorNote> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmAll(false)}>
            Cancel
          </Button>
          <Button variant="danger" pending={endAll.isPending} onClick={() => endAll.mutate()}>
            Sign out everywhere
          </Button>
        </div>
      </Dialog>
    </section>
  );
}
