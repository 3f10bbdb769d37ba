// Alerts of a website: at most 25, counted under a lock on the website so the limit is exact.
import { AppError, newObjectId } from "@keygate/core";
import type { Alert, CreateAlertBody, UpdateAlertBody } from "@keygate/core/contracts";
import { db } from "../db";
import { recordAudit } from "./audit";
import type { WebsiteWrite as Write } from "./context";
import { lockWebsite } from "./locks";

export const MAX_ALERTS_PER_WEBSITE = 25;

const FIELDS = {
  id: true,
  websiteId: true,
  name: true,
  triggerGoalName: true,
  messageTemplate: true,
  subjectTemplate: true,
  isEnabled: true,
  createdAt: true,
  updatedAt: true,
} as const;

type Row = {
  id: string;
  websiteId: string;
  name: string;
  triggerGoalName: string;
  messageTemplate: string;
  subjectTemplate: string | null;
  isEnabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};

function toAlert(row: Row): Alert {
  return {
    _id: row.id,
    websiteId: row.websiteId,
    name: row.name,
    trigger: { goalName: row.triggerGoalName },
    template: { message: row.messageTemplate, subject: row.subjectTemplate },
    isEnabled: row.isEnabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listAlerts({ websiteId }: { websiteId: string }): Promise<Alert[]> {
  const prisma = await db();
  return (await prisma.alert.findMany({ where: { websiteId }, orderBy: { createdAt: "asc" }, select: FIELDS })).map(
    toAlert,
  );
}

export async function createAlert({ principal, origin, websiteId, alert }: Write & { alert: CreateAlertBody }) {
  const prisma = await db();
  const row = await prisma.$transaction(async (tx) => {
    await lockWebsite(tx, websiteId);
    if ((await tx.alert.count({ where: { websiteId } })) >= MAX_ALERTS_PER_WEBSITE) {
      throw AppError.badRequest(`Alert limit reached (max ${MAX_ALERTS_PER_WEBSITE} per website)`);
    }
    const created = await tx.alert.create({
      data: {
        id: newObjectId(),
        websiteId,
        name: alert.name,
        triggerGoalName: alert.trigger.goalName,
        messageTemplate: alert.template.message,
        subjectTemplate: alert.template.subject ?? null,
        isEnabled: alert.isEnabled,
      },
      select: FIELDS,
    });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "alert.created",
      target: { type: "alert", id: created.id },
      websiteId,
      metadata: { name: alert.name },
    });
    return created;
  });
  return toAlert(row);
}

export async function updateAlert({
  principal,
  origin,
  websiteId,
  alertId,
  changes,
}: Write & { alertId: string; changes: UpdateAlertBody }) {
  const prisma = await db();
  const row = await prisma.$transaction(async (tx) => {
    const { count } = await tx.alert.updateMany({
      where: { id: alertId, websiteId },
      data: {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.trigger ? { triggerGoalName: changes.trigger.goalName } : {}),
        ...(changes.template
          ? { messageTemplate: changes.template.message, subjectTemplate: changes.template.subject ?? null }
          : {}),
        ...(changes.isEnabled !== undefined ? { isEnabled: changes.isEnabled } : {}),
      },
    });
    if (count === 0) throw AppError.notFound("Alert not found");
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "alert.updated",
      target: { type: "alert", id: alertId },
      websiteId,
    });
    return tx.alert.findUniqueOrThrow({ where: { id: alertId }, select: FIELDS });
  });
  return toAlert(row);
}

export async function deleteAlert({ principal, origin, websiteId, alertId }: Write & { alertId: string }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.alert.deleteMany({ where: { id: alertId, websiteId } });
    if (count === 0) throw AppError.notFound("Alert not found");
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "alert.deleted",
      target: { type: "alert", id: alertId },
      websiteId,
    });
  });
  return { deleted: true as const };
}
