// Fills Keygate's key table and the floor's (`floor_keys`) to the same number of keys, in SQL: a
// million keys through HTTP would take the whole time budget. Filler keys belong to filler websites,
// 10 each (Keygate's limit), so the bench website's key list stays what it is.
import { hashKey } from "@keygate/core/credentials";
import type pg from "pg";

const KEYS_PER_WEBSITE = 10;

// A filler key's raw value, and its stored forms as hashKey and displayKey write them.
const RAW = `'df_' || lpad(i::text, 36, '0')`;
const HASH = `encode(sha256(convert_to(${RAW}, 'UTF8')), 'hex')`;
const DISPLAY = `left(${RAW}, 7) || '...' || right(${RAW}, 4)`;
const KEY_ID = (i: string) => `'fe' || lpad(to_hex(${i}), 22, '0')`;
const WEBSITE_ID = (w: string) => `'ff' || lpad(to_hex(${w}), 22, '0')`;
const WEBSITE_OF_KEY = WEBSITE_ID(`(i - 1) / ${KEYS_PER_WEBSITE} + 1`);

/** The floor's table, with Keygate's indexes on it: unique by hash, and by website. */
export async function createFloorTable(client: pg.Client, websiteId: string): Promise<void> {
  await client.query(`
    CREATE TABLE floor_keys (
      id text PRIMARY KEY,
      website_id text NOT NULL,
      name text,
      key_hash text NOT NULL UNIQUE,
      display_key text NOT NULL,
      last_used_at timestamptz(3),
      revoked_at timestamptz(3),
      created_at timestamptz(3) NOT NULL DEFAULT now()
    );
    CREATE INDEX floor_keys_website_id_idx ON floor_keys (website_id)`);
  // The bench website's own keys, so the same df_ key works on both servers and both list the same keys.
  await client.query(
    `INSERT INTO floor_keys (id, website_id, name, key_hash, display_key, created_at)
     SELECT "id", "websiteId", "name", "keyHash", "displayKey", "createdAt" AT TIME ZONE 'UTC'
     FROM "WebsiteApiKey" WHERE "websiteId" = $1`,
    [websiteId],
  );
}

/** Keys in Keygate's table now (the floor's holds as many). */
export async function countKeys(client: pg.Client): Promise<number> {
  return Number((await client.query(`SELECT count(*) AS n FROM "WebsiteApiKey"`)).rows[0].n);
}

/** Adds filler keys to both tables until each holds `total`. */
export async function seedKeys(client: pg.Client, total: number): Promise<void> {
  const own = Number(
    (await client.query(`SELECT count(*) AS n FROM "WebsiteApiKey" WHERE "id" NOT LIKE 'fe%'`)).rows[0].n,
  );
  const from = (await countKeys(client)) - own; // filler keys already there
  const to = total - own;
  if (to <= from) return;
  const owner = (await client.query(`SELECT "id" FROM "User" LIMIT 1`)).rows[0].id as string;
  const websites = (keys: number) => Math.ceil(keys / KEYS_PER_WEBSITE);
  await client.query(
    `INSERT INTO "Website" ("id", "domain", "trackingId", "timezone", "createdById", "updatedAt")
     SELECT ${WEBSITE_ID("w")}, 'filler-' || w || '.example.com', 'dfid_' || lpad(w::text, 20, '0'), 'UTC', $3, now()
     FROM generate_series($1::int + 1, $2::int) w`,
    [websites(from), websites(to), owner],
  );
  const range = [from, to];
  await client.query(
    `INSERT INTO "WebsiteApiKey" ("id", "websiteId", "keyHash", "displayKey", "createdAt")
     SELECT ${KEY_ID("i")}, ${WEBSITE_OF_KEY}, ${HASH}, ${DISPLAY}, now() - make_interval(secs => i)
     FROM generate_series($1::int + 1, $2::int) i`,
    range,
  );
  await client.query(
    `INSERT INTO floor_keys (id, website_id, key_hash, display_key, created_at)
     SELECT ${KEY_ID("i")}, ${WEBSITE_OF_KEY}, ${HASH}, ${DISPLAY}, now() - make_interval(secs => i)
     FROM generate_series($1::int + 1, $2::int) i`,
    range,
  );
  // Fresh statistics and visibility maps now, so no autovacuum runs during a measurement.
  await client.query(`VACUUM ANALYZE "Website", "WebsiteApiKey", floor_keys`);

  // The SQL hashes must be what hashKey stores, or the lookups would not be comparable.
  const sample = await client.query(`SELECT "keyHash" FROM "WebsiteApiKey" WHERE "id" = ${KEY_ID("$1::int")}`, [to]);
  if (sample.rows[0]?.keyHash !== hashKey(`df_${String(to).padStart(36, "0")}`)) {
    throw new Error("filler key hashes do not match hashKey's encoding");
  }
}
