// What every bench starts from: the built server on a fresh Postgres database, a user with a `*`
// account token, and one website. Loopback only; `stop()` drops everything.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@keygate/db/testing";
import { startServer } from "../test/server";

export interface Bench {
  baseUrl: string;
  databaseUrl: string;
  token: string;
  websiteId: string;
  trackingId: string;
  stop(): Promise<void>;
}

export async function startBench(): Promise<Bench> {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  const server = await startServer({
    env: { DATABASE_URL: database.url },
    logPath: join(mkdtempSync(join(tmpdir(), "keygate-bench-")), "server.log"),
  });
  const stop = async () => {
    await server.stop();
    await database.drop();
  };
  try {
    const { createUser } = await import("../src/server/services/users");
    const { createAccessToken } = await import("../src/server/services/access-tokens");
    const { closeDatabase } = await import("../src/server/db");
    const ops = { kind: "ops" } as const;
    const origin = { ip: null, userAgent: null };
    const user = await createUser({ actor: ops, origin, email: "bench@example.com", password: "bench password" });
    const token = await createAccessToken({
      principal: { kind: "ops", userId: user.id },
      origin,
      permissions: ["*"],
      websiteIds: [],
    });
    await closeDatabase();
    const created = await fetch(`${server.baseUrl}/api/v1/admin/websites`, {
      method: "POST",
      headers: { authorization: `Bearer ${token.key}`, "content-type": "application/json" },
      body: JSON.stringify({ domain: "bench.example.com", timezone: "UTC" }),
    }).then((r) => r.json() as Promise<{ data: { websiteId: string; trackingId: string }[] }>);
    const { websiteId, trackingId } = created.data[0] as { websiteId: string; trackingId: string };
    return {
      baseUrl: server.baseUrl,
      databaseUrl: database.url,
      token: token.key as string,
      websiteId,
      trackingId,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
