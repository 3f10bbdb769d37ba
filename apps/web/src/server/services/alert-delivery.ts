// Alerts are delivered: when a goal arrives (collection or POST /goals), each enabled alert of the
// website watching that goal sends its message by email to the website's owners and members (verified
// addresses only) and as an `alert.triggered` webhook. Off the request's path: collection only checks
// a cached set of watched goal names, and an alert fires at most once a minute, however many goals come.
import { database, db } from "../db";
import { errorFields, log } from "../log";
import { sendMail } from "../mail";
import { enqueueWebhook } from "./webhooks";

/** Alert changes reach collection within this long. */
export const ALERT_CACHE_MS = 10_000;
/** An alert sends its message at most once in this window. */
export const ALERT_MIN_INTERVAL_MS = 60_000;
const MAX_ENTRIES = 10_000;
const watched = new Map<string, { goals: Set<string>; expires: number }>();
const inFlight = new Set<Promise<void>>();

async function watchedGoals(websiteId: string): Promise<Set<string>> {
  const now = Date.now();
  const hit = watched.get(websiteId);
  if (hit && hit.expires > now) return hit.goals;
  const { query } = await database();
  const rows = await query<{ triggerGoalName: string }>(
    `SELECT DISTINCT "triggerGoalName" FROM "Alert" WHERE "websiteId" = $1 AND "isEnabled"`,
    [websiteId],
  );
  const goals = new Set(rows.map((row) => row.triggerGoalName));
  if (watched.size >= MAX_ENTRIES) watched.clear();
  watched.set(websiteId, { goals, expires: now + ALERT_CACHE_MS });
  return goals;
}

/**
 * Called once a goal is stored. Returns at once; the alerts it triggers are sent in the background
 * (errors are logged, never thrown to the collector).
 */
export function goalArrived(websiteId: string, goalName: string): void {
  const work = (async () => {
    if (!(await watchedGoals(websiteId)).has(goalName)) return;
    await triggerAlerts(websiteId, goalName);
  })()
    .catch((error) => log("error", "alert not delivered", { websiteId, ...errorFields(error) }))
    .finally(() => inFlight.delete(work));
  inFlight.add(work);
}

/** Waits for alert deliveries started so far (shutdown, tests). */
export async function settleAlerts(): Promise<void> {
  await Promise.allSettled([...inFlight]);
}

type Fired = { id: string; name: string; messageTemplate: string; subjectTemplate: string | null };

/** Claims every due alert for the goal (one UPDATE: at most one sender per minute across instances), queues its webhook, mails it. */
export async function triggerAlerts(websiteId: string, goalName: string, now = new Date()): Promise<number> {
  const prisma = await db();
  const { fired, domain } = await prisma.$transaction(async (tx) => {
    const fired = await tx.$queryRaw<Fired[]>`
      UPDATE "Alert" SET "lastTriggeredAt" = ${now}
      WHERE "websiteId" = ${websiteId} AND "triggerGoalName" = ${goalName} AND "isEnabled"
        AND ("lastTriggeredAt" IS NULL OR "lastTriggeredAt" <= ${new Date(now.getTime() - ALERT_MIN_INTERVAL_MS)})
      RETURNING "id", "name", "messageTemplate", "subjectTemplate"`;
    const website = await tx.website.findUnique({ where: { id: websiteId }, select: { domain: true } });
    for (const alert of fired) {
      await enqueueWebhook(tx, websiteId, "alert.triggered", {
        alert: { _id: alert.id, name: alert.name },
        goalName,
        subject: alert.subjectTemplate ?? `Alert: ${alert.name}`,
        message: alert.messageTemplate,
      });
    }
    return { fired, domain: website?.domain ?? "" };
  });
  if (fired.length === 0) return 0;
  const recipients = await prisma.membership.findMany({
    where: { websiteId, role: { in: ["owner", "member"] }, user: { emailVerifiedAt: { not: null } } },
    select: { user: { select: { email: true } } },
  });
  for (const alert of fired) {
    for (const { user } of recipients) {
      await sendMail({
        to: user.email,
        subject: alert.subjectTemplate ?? `Alert: ${alert.name}`,
        text: `${alert.messageTemplate}\n\n— the alert "${alert.name}" on ${domain}: the goal "${goalName}" just happened. It sends at most one message a minute.`,
      }).catch((error) => log("warn", "alert mail not sent", { alertId: alert.id, ...errorFields(error) }));
    }
  }
  log("info", "alerts triggered", { websiteId, alerts: fired.length, recipients: recipients.length });
  return fired.length;
}
