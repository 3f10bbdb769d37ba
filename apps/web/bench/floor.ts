// The floor for `pnpm bench`: the least a server can do for GET /api/v1/admin/websites/{id}/apikeys
// with a `df_` key — bare node:http and pg, no router, no framework. It checks the key's shape and
// checksum with the same core function as Keygate, hashes it, looks it up by hash in its own table
// (`floor_keys`, same indexes), lists the website's keys and answers in Keygate's envelope.
// Run by bench/rest.ts: `tsx bench/floor.ts <database url>`; prints `{"port":…}` once listening.
import { createHash } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import { parseKey } from "@keygate/core/credentials";
import pg from "pg";

const POOL_SIZE = 10; // Keygate's default DATABASE_POOL_SIZE
const KEYS_PATH = /^\/api\/v1\/admin\/websites\/([0-9a-f]{24})\/apikeys$/;

const pool = new pg.Pool({ connectionString: process.argv[2], max: POOL_SIZE });

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, message: string) {
  send(res, status, { status: "error", error: { code: status, message } });
}

type KeyRow = {
  id: string;
  name: string | null;
  display_key: string;
  website_id: string;
  last_used_at: Date | null;
  created_at: Date;
};

async function listKeys(res: ServerResponse, websiteId: string, authorization: string | undefined) {
  const raw = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!raw) return refuse(res, 401, "Missing API key");
  if (parseKey(raw) !== "apiKey") return refuse(res, 401, "Malformed API key");
  const keyHash = createHash("sha256").update(raw).digest("hex");
  const found = await pool.query<{ website_id: string }>(
    "SELECT website_id FROM floor_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    [keyHash],
  );
  const key = found.rows[0];
  if (!key) return refuse(res, 401, "Invalid or revoked API key");
  if (key.website_id !== websiteId) return refuse(res, 403, "This key belongs to another website");
  const { rows } = await pool.query<KeyRow>(
    `SELECT id, name, display_key, website_id, last_used_at, created_at FROM floor_keys
     WHERE website_id = $1 AND revoked_at IS NULL ORDER BY created_at ASC`,
    [websiteId],
  );
  send(res, 200, {
    status: "success",
    data: rows.map((row) => ({
      _id: row.id,
      name: row.name,
      displayKey: row.display_key,
      websiteId: row.website_id,
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
    })),
  });
}

const server = createServer((req, res) => {
  const match = req.method === "GET" ? KEYS_PATH.exec(req.url ?? "") : null;
  if (!match?.[1]) return refuse(res, 404, "Not found");
  listKeys(res, match[1], req.headers.authorization).catch(() => refuse(res, 500, "Internal error"));
});

server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
