// Asks a signed-in user whose email address is not verified yet to verify it (shown on every dashboard page).
import Link from "next/link";
import { verificationStatus } from "@/server/services/email-verification";

export async function VerifyEmailBanner({ userId }: { userId: string }) {
  const status = await verificationStatus({ principal: { kind: "session", userId } }).catch(() => null);
  if (!status || status.verified) return null;
  return (
    <div className="border-b border-amber-200 bg-amber-50 dark:border-amber-900 dark:bg-amber-950">
      <p className="mx-auto max-w-5xl px-4 py-2 text-sm text-amber-900 dark:text-amber-100">
        Verify your email address: open the link we sent to <strong>{status.email}</strong>. Until then you cannot join
        a website's team.{" "}
        <Link href="/account" className="font-medium underline">
          Send a new link
        </Link>
      </p>
    </div>
  );
}
