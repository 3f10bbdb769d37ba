"use client";
// The Settings tab: the website's settings, its public dashboard, its tracking code and, for
// owners, the danger zone.
import { useQuery } from "@tanstack/react-query";
import { ErrorNote, LoadingRows, PageHeader } from "@/components/ui/misc";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";
import { TrackingCode } from "../install-panel";
import { DangerZone } from "./danger-zone";
import { DataLifecycle } from "./data-lifecycle";
import { PublicDashboard } from "./public-dashboard";
import { SettingsForm } from "./settings-form";

const divider = "border-t border-zinc-200 pt-8 dark:border-zinc-800";

export function Settings({ websiteId, origin }: { websiteId: string; origin: string }) {
  const trpc = useTRPC();
  const website = useQuery(trpc.websites.get.queryOptions({ websiteId }));
  if (website.isPending) return <LoadingRows label="Loading settings" rows={4} />;
  if (website.isError) return <ErrorNote>{humanError(website.error)}</ErrorNote>;
  const canWrite = website.data.permissions.includes("settings:write");
  return (
    <section className="space-y-8">
      <PageHeader title="Settings" description="What this website is, and which visits it keeps." />
      {canWrite ? null : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          You have read-only access to this website's settings.
        </p>
      )}
      <SettingsForm website={website.data} canWrite={canWrite} />
      <div className={divider}>
        <PublicDashboard website={website.data} canWrite={canWrite} origin={origin} />
      </div>
      <div className={divider}>
        <DataLifecycle website={website.data} canWrite={canWrite} />
      </div>
      <section aria-labelledby="tracking-heading" className={`space-y-3 ${divider}`}>
        <h2 id="tracking-heading" className="text-lg font-semibold">
          Tracking code
        </h2>
        <TrackingCode websiteId={websiteId} origin={origin} />
      </section>
      {website.data.canDelete ? (
        <div className={divider}>
          <DangerZone website={website.data} />
        </div>
      ) : null}
    </section>
  );
}
