// Websites: the caller's list, creation (the creator becomes owner), reading and updating one.
import { AppError, newObjectId } from "@keygate/core";
import type { UpdateWebsiteBody, Website, WebsiteSettings } from "@keygate/core/contracts";
import { randomTrackingId } from "@keygate/core/credentials";
import type { Role } from "@keygate/core/policy";
import type { Prisma } from "@keygate/db";
import { db } from "../db";
import type { UserPrincipal } from "./access-tokens";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";
import { lockUser, lockWebsite } from "./locks";

const WEBSITE_FIELDS = {
  id: true,
  domain: true,
  name: true,
  trackingId: true,
  timezone: true,
  currency: true,
} as const;

type WebsiteRow = {
  id: string;
  domain: string;
  name: string | null;
  trackingId: string;
  timezone: string;
  currency: string;
};

function toWebsite(row: WebsiteRow, role: Role): Website {
  return {
    _id: row.id,
    domain: row.domain,
    name: row.name,
    trackingId: row.trackingId,
    timezone: row.timezone,
    currency: row.currency,
    role,
  };
}

/** Websites the principal's user belongs to; a token limited to some websites sees only those. */
export async function listWebsites({ principal }: { principal: UserPrincipal }): Promise<Website[]> {
  const prisma = await db();
  const scoped = principal.kind === "accessToken" && principal.websiteIds.length > 0;
  const memberships = await prisma.membership.findMany({
    where: { userId: principal.userId, ...(scoped ? { websiteId: { in: [...principal.websiteIds] } } : {}) },
    orderBy: { createdAt: "asc" },
    select: { role: true, website: { select: WEBSITE_FIELDS } },
  });
  return memberships.map((m) => toWebsite(m.website, m.role));
}

export interface CreateWebsiteInput {
  principal: UserPrincipal;
  origin: RequestOrigin;
  domain: string;
  timezone: string;
  name?: string | null;
}

export async function createWebsite({ principal, origin, domain, timezone, name }: CreateWebsiteInput) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    // Lock the user so two concurrent creates of the same domain cannot both pass the check.
    await lockUser(tx, principal.userId);
    const existing = await tx.membership.findFirst({
      where: { userId: principal.userId, role: "owner", website: { domain } },
      select: { id: true },
    });
    if (existing) throw AppError.conflict(`A website with domain ${domain} already exists on your account`);
    const website = await tx.website.create({
      data: {
        id: newObjectId(),
        domain,
        timezone,
        name: name ?? null,
        trackingId: randomTrackingId(),
        createdById: principal.userId,
        memberships: { create: { id: newObjectId(), userId: principal.userId, role: "owner" } },
      },
      select: { id: true, domain: true, trackingId: true },
    });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "website.created",
      target: { type: "website", id: website.id },
      websiteId: website.id,
      metadata: { domain, timezone },
    });
    return { websiteId: website.id, domain: website.domain, trackingId: website.trackingId };
  });
}

/** A domain is unique among the websites of an account: here, those sharing an owner with this one. */
async function assertDomainFree(tx: Prisma.TransactionClient, websiteId: string, domain: string): Promise<void> {
  const owners = await tx.membership.findMany({ where: { websiteId, role: "owner" }, select: { userId: true } });
  const clash = await tx.website.findFirst({
    where: {
      id: { not: websiteId },
      domain,
      memberships: { some: { role: "owner", userId: { in: owners.map((owner) => owner.userId) } } },
    },
    select: { id: true },
  });
  if (clash) throw AppError.conflict(`A website with domain ${domain} already exists on your account`);
}

const SETTINGS_FIELDS = {
  ...WEBSITE_FIELDS,
  excludedIps: true,
  excludedPaths: true,
  excludedCountries: true,
  excludedHostnames: true,
  allowedHostnames: true,
  publicDashboard: true,
  retentionDays: true,
} as const;

type SettingsRow = WebsiteRow &
  Omit<WebsiteSettings, keyof Website | "retentionDays"> & { retentionDays: number | null };

function toSettings(row: SettingsRow, role: Role): WebsiteSettings {
  const { excludedIps, excludedPaths, excludedCountries, excludedHostnames, allowedHostnames, publicDashboard } = row;
  return {
    ...toWebsite(row, role),
    excludedIps,
    excludedPaths,
    excludedCountries,
    excludedHostnames,
    allowedHostnames,
    publicDashboard,
    // Shown only when set, so a website without a retention period reads exactly as before.
    ...(row.retentionDays === null ? {} : { retentionDays: row.retentionDays }),
  };
}

/** One website with its settings and the caller's role on it (a website key reads it at member level). */
export async function getWebsite({ websiteId, role }: { websiteId: string; role: Role }): Promise<WebsiteSettings> {
  const prisma = await db();
  const row = await prisma.website.findUnique({ where: { id: websiteId }, select: SETTINGS_FIELDS });
  if (!row) throw AppError.notFound("Website not found");
  return toSettings(row, role);
}

export async function updateWebsite({
  principal,
  origin,
  websiteId,
  role,
  changes,
}: {
  principal: Parameters<typeof recordAudit>[1]["actor"];
  origin: RequestOrigin;
  websiteId: string;
  role: Role;
  changes: UpdateWebsiteBody;
}): Promise<WebsiteSettings> {
  const prisma = await db();
  const row = await prisma.$transaction(async (tx) => {
    await lockWebsite(tx, websiteId);
    if (changes.domain) await assertDomainFree(tx, websiteId, changes.domain);
    const updated = await tx.website.update({ where: { id: websiteId }, data: changes, select: SETTINGS_FIELDS });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "website.updated",
      target: { type: "website", id: websiteId },
      websiteId,
      metadata: {
        changes: Object.keys(changes),
        ...(changes.retentionDays !== undefined ? { retentionDays: changes.retentionDays } : {}),
      },
    });
    return updated;
  });
  return toSettings(row, role);
}
