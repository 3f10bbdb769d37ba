// Outgoing mail: through SMTP when SMTP_URL is set, else kept in the database and shown at /dev/inbox
// — which exists only without SMTP, and in production only with MAIL_INBOX=1. No log line holds a link.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { baseUrl, db, uniqueEmail } from "./helpers";
import { freePort, type RunningServer, startServer } from "./server";

/** The smallest SMTP server nodemailer talks to: it accepts every message and keeps its DATA. */
function fakeSmtp(received: string[]): Server {
  return createServer((socket) => {
    let data: string | null = null;
    let buffer = "";
    socket.write("220 fake ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          received.push(data + buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = null;
          socket.write("250 queued\r\n");
          continue;
        }
        const newline = buffer.indexOf("\r\n");
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") socket.write("250-fake\r\n250 8BITMIME\r\n");
        else if (verb === "DATA") {
          data = "";
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") {
          socket.end("221 bye\r\n");
          return;
        } else socket.write("250 ok\r\n");
      }
    });
  });
}

async function signUpOn(server: string, email: string) {
  const response = await fetch(`${server}/api/trpc/account.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server },
    body: JSON.stringify({ email, password: "correct horse battery" }),
  });
  return response.status;
}

describe("mail", () => {
  it("without SMTP_URL the message is kept in the database, /dev/inbox shows it newest first with its link, and the log has no link", async () => {
    const email = uniqueEmail("inbox");
    expect(await signUpOn(baseUrl, email)).toBe(200);
    expect(await signUpOn(baseUrl, email)).toBe(200);
    const response = await fetch(`${baseUrl}/dev/inbox?to=${encodeURIComponent(email)}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const link = html.match(/href="([^"]*\/verify-email\?token=[0-9A-Za-z]+)"/)?.[1];
    expect(link).toBeDefined();
    expect(html.indexOf("Someone tried to sign up")).toBeLessThan(html.indexOf("Verify your email address for"));
    const stored = await (await db()).mailMessage.findMany({ where: { to: email } });
    expect(stored).toHaveLength(2);
    const token = link?.split("token=")[1] as string;
    expect(readFileSync(inject("serverLogPath"), "utf8")).not.toContain(token);
  });

  describe("other configurations", () => {
    let withSmtp: RunningServer;
    let production: RunningServer;
    let smtp: Server;
    const received: string[] = [];

    beforeAll(async () => {
      const port = await freePort();
      smtp = fakeSmtp(received);
      await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
      const databaseUrl = inject("databaseUrl");
      [withSmtp, production] = await Promise.all([
        startServer({
          env: {
            DATABASE_URL: databaseUrl,
            SMTP_URL: `smtp://127.0.0.1:${port}`,
            MAIL_FROM: "Keygate <no-reply@keygate.test>",
          },
        }),
        startServer({ env: { DATABASE_URL: databaseUrl, MAIL_INBOX: "0" } }),
      ]);
    });

    afterAll(async () => {
      await Promise.all([withSmtp?.stop(), production?.stop()]);
      await new Promise((resolve) => smtp?.close(resolve));
    });

    it("with SMTP_URL the mail goes out through SMTP from MAIL_FROM, nothing is kept, and there is no inbox", async () => {
      const email = uniqueEmail("smtp");
      expect(await signUpOn(withSmtp.baseUrl, email)).toBe(200);
      const message = received.find((m) => m.includes(email)) ?? "";
      expect(message).toMatch(/^From: Keygate <no-reply@keygate\.test>\r?$/m);
      expect(message).toMatch(/^Subject: Verify your email address for Keygate\r?$/m);
      expect(message.replace(/=\r?\n/g, "")).toMatch(/\/verify-email\?token=[0-9A-Za-z]{32}/);
      expect(await (await db()).mailMessage.count({ where: { to: email } })).toBe(0);
      expect((await fetch(`${withSmtp.baseUrl}/dev/inbox`)).status).toBe(404);
    });

    it("in production without MAIL_INBOX=1 there is no inbox", async () => {
      expect((await fetch(`${production.baseUrl}/dev/inbox`)).status).toBe(404);
      expect((await fetch(`${baseUrl}/dev/inbox`)).status).toBe(200);
    });
  });
});
