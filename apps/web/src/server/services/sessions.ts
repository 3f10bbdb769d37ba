// Dashboard sessions: one row per sign-in, whose id the session cookie carries. Every request that
// reads the session checks the row (`isSessionLive`), so signing out, "sign out everywhere", a
// password change or staff end a session at once, on every instance; an unused session ends after
// the idle lifetime, and every session after the absolute one.
import { randomBytes } from "node:crypto";
import { AppError } from "@keygate/core";
import type { SessionItem } from "@keygate/core/contracts";
import type { SessionPrincipal } from "@keygate/core/policy";
import type { Prisma } from "@keygate/db";
import { env } from "../../env";
import { database, db } from "../db";
import { errorFields, log } from "../log";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";
import type { StaffWrite } from "./staff";

const DAY_MS = 86_400_000;
export const SESSION_IDLE_MS = env.SESSION_IDLE_DAYS * DAY_MS;
export const SESSION_MAX_MS = env.SESSION_MAX_DAYS * DAY_MS;
/** lastSeenAt is written at most this often per session: fine enough for the idle lifetime, never per request. */
const TOUCH_MS = Math.min(5 * 60_000, SESSION_IDLE_MS / 10);

/** Only sessions that can still be used: not ended, not past either lifetime. */
function liveWhere(now: number): Prisma.SessionWhereInput {
  return { revokedAt: null, expiresAt: { gt: new Date(now) }, lastSeenAt: { gt: new Date(now - SESSION_IDLE_MS) } };
}

/** Records a sign-in and returns the new session's id (256 random bits) for the cookie. */
export async function startSession({ userId, origin }: { userId: string; origin: RequestOrigin }): Promise<string> {
  const prisma = await db();
  const id = randomBytes(32).toString("base64url");
  const now = Date.now();
  await prisma.session.create({
    data: {
      id,
      userId,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + SESSION_MAX_MS),
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 512) ?? null,
    },
  });
  // The user's sessions that can no longer be used have nothing left to say (the audit log keeps the story).
  await prisma.session.deleteMany({ where: { userId, NOT: liveWhere(now) } });
  return id;
}

interface SessionRow {
  userId: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/**
 * Whether the session named by a cookie may still be used by `userId`: one primary-key read straight
 * on the driver, on every request that reads the session. Refreshes lastSeenAt when it is due.
 */
export async function isSessionLive({ sessionId, userId }: { sessionId: string; userId: string }): Promise<boolean> {
  const { query } = await database();
  const [row] = await query<SessionRow>(
    `SELECT "userId", "lastSeenAt", "expiresAt", "revokedAt" FROM "Session" WHERE "id" = $1`,
    [sessionId],
  );
  const now = Date.now();
  if (!row || row.userId !== userId || row.revokedAt !== null) return false;
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() <= now - SESSION_IDLE_MS) return false;
  if (now - row.lastSeenAt.getTime() >= TOUCH_MS) touch(sessionId, now);
  return true;
}

const touching = new Set<string>();

/** Moves lastSeenAt after the answer; the WHERE clause keeps parallel requests and instances to one write. */
function touch(sessionId: string, now: number): void {
  if (touching.has(sessionId)) return;
  touching.add(sessionId);
  setImmediate(async () => {
    try {
      const prisma = await db();
      await prisma.session.updateMany({
        where: { id: sessionId, revokedAt: null, lastSeenAt: { lt: new Date(now - TOUCH_MS) } },
        data: { lastSeenAt: new Date(now) },
      });
    } catch (error) {
      log("warn", "session lastSeenAt update failed", errorFields(error));
    } finally {
      touching.delete(sessionId);
    }
  });
}

/** Ends the user's live sessions (all, or all but `keep`) inside `tx`; returns how many. */
export async function revokeSessions(
  tx: Prisma.TransactionClient,
  { userId, keep }: { userId: string; keep?: string },
): Promise<number> {
  const now = Date.now();
  const { count } = await tx.session.updateMany({
    where: { userId, ...liveWhere(now), ...(keep ? { id: { not: keep } } : {}) },
    data: { revokedAt: new Date(now) },
  });
  return count;
}

const ITEM_FIELDS = {
  id: true,
  createdAt: true,
  lastSeenAt: true,
  expiresAt: true,
  ip: true,
  userAgent: true,
} as const;

/** A user's live sessions, most recently used first. */
export async function liveSessions({ userId, currentId }: { userId: string; currentId?: string }) {
  const prisma = await db();
  const rows = await prisma.session.findMany({
    where: { userId, ...liveWhere(Date.now()) },
    orderBy: { lastSeenAt: "desc" },
    select: ITEM_FIELDS,
  });
  return rows.map(
    (row): SessionItem => ({
      ...row,
      current: row.id === currentId,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
    }),
  );
}

/** The caller's live sessions, this one first. */
export async function listSessions({ principal }: { principal: SessionPrincipal }): Promise<SessionItem[]> {
  const sessions = await liveSessions({ userId: principal.userId, currentId: principal.sessionId });
  return sessions.sort((a, b) => Number(b.current) - Number(a.current));
}

type SessionWrite = { principal: SessionPrincipal; origin: RequestOrigin };

/** Signs one of the caller's own sessions out (another device, or this one). */
export async function endSession({ principal, origin, sessionId }: SessionWrite & { sessionId: string }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, userId: principal.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw AppError.notFound("Session not found");
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "session.revoked",
      target: { type: "user", id: principal.userId },
      metadata: { sessions: 1, current: sessionId === principal.sessionId },
    });
  });
  return { ended: 1, current: sessionId === principal.sessionId };
}

/** "Sign out everywhere": every session of the caller ends, this one included. */
export async function endAllSessions({ principal, origin }: SessionWrite) {
  const prisma = await db();
  const ended = await prisma.$transaction(async (tx) => {
    const count = await revokeSessions(tx, { userId: principal.userId });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "session.revoked_all",
      target: { type: "user", id: principal.userId },
      metadata: { sessions: count },
    });
    return count;
  });
  return { ended };
}

/** next-auth's sign-out: the session the cookie named ends on the server, not only in the browser. */
export async function endSignedOutSession({ sessionId, origin }: { sessionId: string; origin: RequestOrigin }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const row = await tx.session.findUnique({ where: { id: sessionId }, select: { userId: true, revokedAt: true } });
    if (!row || row.revokedAt) return;
    await tx.session.update({ where: { id: sessionId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      actor: { kind: "session", userId: row.userId },
      origin,
      action: "user.signed_out",
      target: { type: "user", id: row.userId },
    });
  });
}

/** Staff contain a compromised account: every dashboard session of the user ends. */
export async function staffEndSessions({ staffUserId, origin, userId }: StaffWrite & { userId: string }) {
  const prisma = await db();
  const ended = await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw AppError.notFound("User not found");
    const count = await revokeSessions(tx, { userId });
    await recordAudit(tx, {
      actor: { kind: "staff", userId: staffUserId },
      origin,
      action: "staff.sessions_revoked",
      target: { type: "user", id: userId },
      metadata: { sessions: count },
    });
    return count;
  });
  return { ended };
}
