// Outgoing mail. With SMTP_URL it goes out through nodemailer; without it the local transport keeps
// each message in the database ("MailMessage"), where every process, /dev/inbox and the tests read it.
import { AppError, newObjectId } from "@keygate/core";
import type { Transporter } from "nodemailer";
import { env } from "../env";
import { db } from "./db";
import { errorFields, log } from "./log";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Optional HTML alternative; `text` is always sent. */
  html?: string;
}

/** Kept messages older than this are deleted when a new one is stored. */
const KEEP_MESSAGES_MS = 7 * 24 * 3_600_000;

export const MAIL_UNAVAILABLE = "The email could not be sent. Try again in a few minutes.";

let smtp: Promise<Transporter> | undefined;

async function smtpTransport(url: string): Promise<Transporter> {
  smtp ??= import("nodemailer").then(({ createTransport }) => createTransport(url));
  return smtp;
}

/** Whether /dev/inbox exists: mail stays local (no SMTP_URL), and this is not production unless MAIL_INBOX is set. */
export function inboxEnabled(): boolean {
  return !env.SMTP_URL && (env.NODE_ENV !== "production" || env.MAIL_INBOX);
}

/** Sends one message; throws AppError (503) when it cannot be sent or stored. */
export async function sendMail(mail: Mail): Promise<void> {
  if (env.SMTP_URL) {
    try {
      const transport = await smtpTransport(env.SMTP_URL);
      await transport.sendMail({ from: env.MAIL_FROM, ...mail });
    } catch (error) {
      log("error", "mail not sent", { transport: "smtp", subject: mail.subject, ...errorFields(error) });
      throw new AppError("unavailable", MAIL_UNAVAILABLE);
    }
    log("info", "mail sent", { transport: "smtp", subject: mail.subject });
    return;
  }
  const prisma = await db();
  const id = newObjectId();
  try {
    await prisma.mailMessage.create({
      data: { id, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null },
    });
    await prisma.mailMessage.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - KEEP_MESSAGES_MS) } } });
  } catch (error) {
    log("error", "mail not stored", { transport: "local", subject: mail.subject, ...errorFields(error) });
    throw new AppError("unavailable", MAIL_UNAVAILABLE);
  }
  // The message itself (links with their tokens) stays in the database, never in the log.
  log(inboxEnabled() ? "info" : "warn", "mail kept locally (no SMTP_URL)", {
    transport: "local",
    mailId: id,
    subject: mail.subject,
    inbox: inboxEnabled() ? "/dev/inbox" : "off",
  });
}

export interface InboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
}

/** The newest locally kept messages (to one address, when given), newest first, for /dev/inbox. */
export async function listInbox({ to, limit = 50 }: { to?: string; limit?: number } = {}): Promise<InboxMessage[]> {
  const prisma = await db();
  return prisma.mailMessage.findMany({
    where: to ? { to } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, to: true, subject: true, text: true, createdAt: true },
  });
}
