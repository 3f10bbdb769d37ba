"use client";
// How to start sending events to this website — the script tag or the npm SDK — and a live light
// that turns green when the first event arrives.
import { useQuery } from "@tanstack/react-query";
import { CodeSnippet } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import { ErrorNote, Skeleton } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

export function trackingSnippets(trackingId: string, domain: string, origin: string) {
  return {
    script: `<script defer data-website-id="${trackingId}" data-domain="${domain}" src="${origin}/js/script.js"></script>`,
    sdk: [
      `import { initDataFast } from "datafast";`,
      "",
      "initDataFast({",
      `  websiteId: "${trackingId}",`,
      `  domain: "${domain}",`,
      `  apiUrl: "${origin}/api/events",`,
      "});",
    ].join("\n"),
  };
}

/** The two ways in, with copy buttons; also shown in Settings. */
export function TrackingCode({ websiteId, origin }: { websiteId: string; origin: string }) {
  const trpc = useTRPC();
  const website = useQuery(trpc.websites.get.queryOptions({ websiteId }));
  if (website.isPending) return <Skeleton className="h-40 w-full" />;
  if (website.isError) return <ErrorNote>{humanError(website.error)}</ErrorNote>;
  const { script, sdk } = trackingSnippets(website.data.trackingId, website.data.domain, origin);
  return (
    <div className="space-y-4">
      <div className="space-y-2">
        <p className="text-sm">
          Paste the script in the <code>&lt;head&gt;</code> of every page of {website.data.domain}:
        </p>
        <CodeSnippet code={script} label="Script tag" />
      </div>
      <div className="space-y-2">
        <p className="text-sm">
          Or, in an app built with npm, install <code>datafast</code> and start it once:
        </p>
        <CodeSnippet code={sdk} label="npm SDK snippet" />
      </div>
    </div>
  );
}

export function InstallPanel({
  websiteId,
  origin,
  received,
  onDismiss,
}: {
  websiteId: string;
  origin: string;
  received: boolean | undefined;
  onDismiss?: () => void;
}) {
  // Alone on the page it is the page's title; above the Overview, a section of it.
  const Heading = received ? "h2" : "h1";
  return (
    <section aria-labelledby="install-heading" className="rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <Heading id="install-heading" className="text-2xl font-semibold">
            Install the tracker
          </Heading>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Your Overview fills up as soon as this website sends its first event.
          </p>
        </div>
        {onDismiss ? (
          <Button variant="secondary" size="sm" onClick={onDismiss}>
            Hide
          </Button>
        ) : null}
      </div>
      <p
        role="status"
        data-state={received ? "received" : "waiting"}
        className={`mb-5 flex items-center gap-2 rounded-md p-3 text-sm ${
          received
            ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
            : "bg-zinc-100 text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200"
        }`}
      >
        <span aria-hidden className="relative flex size-3">
          {received ? null : (
            <span className="absolute inline-flex size-full animate-ping rounded-full bg-amber-400 opacity-75" />
          )}
          <span
            className={`relative inline-flex size-3 rounded-full ${received ? "bg-emerald-500" : "bg-amber-500"}`}
          />
        </span>
        {received ? "First event received — the tracker works." : "Waiting for the first event…"}
      </p>
      <TrackingCode websiteId={websiteId} origin={origin} />
    </section>
  );
}
