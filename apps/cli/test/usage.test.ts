// websites apikeys usage / tokens usage against the running server: the days table, --json as the
// API's body, --days checked locally, and the counts once the server has written them (about 5 s).
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { api, db, newApiKey, newUser, newWebsite, type TestUser } from "../../web/test/helpers";
import { cli } from "./cli";

let owner: TestUser;
let site: string;
const as = (credential: TestUser | string) => ({
  env: { KEYGATE_TOKEN: typeof credential === "string" ? credential : credential.token },
});
const today = () => new Date().toISOString().slice(0, 10);

async function tokenIdOf(raw: string): Promise<string> {
  const keyHash = createHash("sha256").update(raw).digest("hex");
  return (await (await db()).accessToken.findUniqueOrThrow({ where: { keyHash } })).id;
}

beforeAll(async () => {
  owner = await newUser("cli-usage");
  site = await newWebsite(owner, "cli-usage");
});

describe("usage", () => {
  it("websites apikeys usage: a table of days, then the last client; the counts arrive within seconds", async () => {
    const key = await newApiKey(owner, site, "cli usage");
    const idle = await cli(["websites", "apikeys", "usage", site, key._id, "--days", "2"], as(owner));
    expect(idle.code, idle.stderr).toBe(0);
    expect(idle.stdout).toMatch(/^date\s+2xx\s+3xx\s+4xx\s+5xx\s+total\n/);
    expect(idle.stdout).toContain(`${today()}  0    0    0    0    0`);
    expect(idle.stdout).toMatch(/Never used\.\n$/);

    for (let i = 0; i < 3; i++) await api("GET", `/admin/websites/${site}/apikeys`, { token: key.key });
    await api("GET", `/admin/websites/${site}/apikeys/${"0".repeat(24)}/usage`, { token: key.key });
    const deadline = Date.now() + 15_000;
    let body: { data: Record<string, number | string>[]; lastSeen: { ip: string } | null } | undefined;
    while (Date.now() < deadline) {
      const result = await cli(["websites", "apikeys", "usage", site, key._id, "--days", "1", "--json"], as(owner));
      expect(result.code, result.stderr).toBe(0);
      body = result.json();
      if (body?.lastSeen) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(body?.data).toEqual([{ date: today(), "2xx": 3, "3xx": 0, "4xx": 1, "5xx": 0 }]);
    expect(body?.lastSeen?.ip).toMatch(/127\.0\.0\.1/);
    const table = await cli(["websites", "apikeys", "usage", site, key._id, "--days", "1"], as(owner));
    expect(table.stdout).toContain(`${today()}  3    0    1    0    4`);
    expect(table.stdout).toMatch(/Last seen \S+ from \S*127\.0\.0\.1/);
  });

  it("--days is checked before any request (exit 2, flag named); another website's key is 403 (exit 4)", async () => {
    const key = await newApiKey(owner, site, "cli usage days");
    const bad = await cli(["websites", "apikeys", "usage", site, key._id, "--days", "0"], as(owner));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error: Invalid input \(--days: /);
    const stranger = await newUser("cli-usage-stranger");
    const refused = await cli(["websites", "apikeys", "usage", site, key._id], as(stranger));
    expect(refused.code).toBe(4);
  });

  it("tokens usage: your own tokens only (exit 5 for another account's)", async () => {
    const id = await tokenIdOf(owner.token);
    const mine = await cli(["tokens", "usage", id, "--days", "3", "--json"], as(owner));
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.json().data).toHaveLength(3);
    const other = await newUser("cli-usage-other");
    const theirs = await cli(["tokens", "usage", id], as(other));
    expect(theirs.code).toBe(5);
  });
});
