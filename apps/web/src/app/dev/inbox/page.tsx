// The mail kept by the local transport (no SMTP_URL), newest first, for development and the tests.
// It exists only without SMTP, and in production only with MAIL_INBOX=1: it shows everyone's links.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { inboxEnabled, listInbox } from "@/server/mail";

export const metadata: Metadata = { title: "Inbox (development)" };
export const dynamic = "force-dynamic";

const URL_TEXT = /(https?:\/\/[^\s<>"]+)/g;

/** The message's text with its links clickable. */
function Linked({ text }: { text: string }) {
  return text.split(URL_TEXT).map((part, i) =>
    i % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
      <a key={i} href={part} className="break-all text-indigo-700 underline dark:text-indigo-300">
        {part}
      </a>
    ) : (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (!inboxEnabled()) notFound();
  const { to } = await searchParams;
  const messages = await listInbox({ to: to?.trim().toLowerCase() || undefined });
  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <h1 className="text-2xl font-semibold">Inbox</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Mail Keygate would have sent{to ? ` to ${to}` : ""}, newest first. Configure SMTP_URL to send it for real.
      </p>
      {messages.length === 0 ? (
        <p className="mt-8 text-zinc-700 dark:text-zinc-300">No messages.</p>
      ) : (
        <ol className="mt-6 space-y-4">
          {messages.map((message) => (
            <li key={message.id}>
              <article
                aria-label={message.subject}
                className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
              >
                <h2 className="font-medium">{message.subject}</h2>
                <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                  To {message.to} · {message.createdAt.toISOString()}
                </p>
                <pre className="mt-3 whitespace-pre-wrap font-sans text-sm">
                  <Linked text={message.text} />
                </pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
