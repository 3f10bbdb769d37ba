// Raw keys exist only in create/roll responses: never in any column of any table, never in the log.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { api, newApiKey, newUser, newWebsite } from "./helpers";

describe("no raw key is stored", () => {
  it("every column of every table is free of every raw key ever issued; stored hashes are SHA-256", async () => {
    const owner = await newUser("scan");
    const site = await newWebsite(owner);
    const issued: string[] = [owner.token];
    const live = new Map<string, string>(); // keyId → raw
    for (let i = 0; i < 3; i++) {
      const key = await newApiKey(owner, site, `scan ${i}`);
      issued.push(key.key);
      live.set(key._id, key.key);
    }
    const [rolledId, rolledOld] = [...live.entries()][0] as [string, string];
    const rolled = (await api("PUT", `/admin/websites/${site}/apikeys/${rolledId}`, { token: owner.token })).data[0]
      ?.key as string;
    issued.push(rolled);
    live.set(rolledId, rolled);
    const [revokedId] = [...live.keys()][1] as string[] & string;
    await api("DELETE", `/admin/websites/${site}/apikeys/${[...live.keys()][1]}`, { token: owner.token });
    live.delete([...live.keys()][1] as string);
    const child = (await api("POST", "/admin/access-tokens", { token: owner.token, body: { name: "child" } })).data[0]
      ?.key as string;
    const grandchild = (
      await api("POST", "/admin/access-tokens", { token: child, body: { permissions: ["websites:read"] } })
    ).data[0]?.key as string;
    issued.push(child, grandchild, rolledOld);
    expect(revokedId).toBeTruthy();

    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
      );
      expect(columns.length).toBeGreaterThan(30);
      const secrets = issued.flatMap((raw) => [raw, raw.slice(raw.indexOf("_") + 1)]);
      for (const { table_name, column_name } of columns) {
        const { rows } = await client.query<{ value: string }>(
          `SELECT "${column_name}"::text AS value FROM "${table_name}" WHERE "${column_name}" IS NOT NULL`,
        );
        for (const { value } of rows) {
          for (const secret of secrets) expect(value.includes(secret), `${table_name}.${column_name}`).toBe(false);
        }
      }
      for (const [id, raw] of live) {
        const { rows } = await client.query<{ keyHash: string }>(
          `SELECT "keyHash" FROM "WebsiteApiKey" WHERE id = $1`,
          [id],
        );
        expect(rows[0]?.keyHash).toBe(createHash("sha256").update(raw).digest("hex"));
      }
    } finally {
      await client.end();
    }
    const log = readFileSync(inject("serverLogPath"), "utf8");
    for (const raw of issued) expect(log.includes(raw)).toBe(false);
  });
});
