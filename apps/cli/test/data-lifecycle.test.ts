// The CLI's data lifecycle commands: `export` (stdout or a file, progress on stderr, 400s as usage
// errors), `visitors erase` (confirmation, the envelope's counts) and `websites update --retention-days`.
// The REST app runs in this process on a loopback port, so these tests need no build.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyticsStore } from "../../web/src/server/analytics";
import { event, pageview } from "../../web/test/analytics-fixtures";
import { db, newUser, newWebsite, type TestUser, tokenFor } from "../../web/test/helpers";
import { serveRestInProcess } from "../../web/test/in-process-server";
import { cli, configHome } from "./cli";

let owner: TestUser;
let site: string;
let apiUrl: string;
let stop: () => Promise<void>;
const V = randomUUID();

const as = (token: string) => ({ env: { KEYGATE_TOKEN: token, KEYGATE_WEBSITE: site, KEYGATE_API_URL: apiUrl } });

beforeAll(async () => {
  const server = await serveRestInProcess();
  apiUrl = server.url;
  stop = server.stop;
  owner = await newUser("cli-lifecycle");
  site = await newWebsite(owner, "cli-lifecycle");
  await analyticsStore.ingestEvent(pageview({ websiteId: site, visitorId: V, path: "/", at: "2026-03-10T10:00:00Z" }));
  await analyticsStore.ingestEvent(
    event({
      websiteId: site,
      visitorId: V,
      type: "custom",
      name: "=signup",
      at: "2026-03-10T10:01:00Z",
      properties: { plan: "pro, yearly" },
    }),
  );
  await analyticsStore.ingestEvent(pageview({ websiteId: site, visitorId: randomUUID(), at: "2026-04-10T10:00:00Z" }));
});

afterAll(async () => {
  await stop?.();
});

describe("keygate export", () => {
  it("streams CSV to stdout, with the progress on stderr", async () => {
    const result = await cli(["export", "--start", "2026-03-01", "--end", "2026-03-31"], as(owner.token));
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^eventId,timestamp,type,/);
    expect(result.stdout).toContain(",'=signup,");
    expect(result.stdout).toContain('"{""plan"":""pro, yearly""}"');
    expect(result.stderr).toContain("Exported 2 rows");
  });

  it("writes JSON to a file", async () => {
    const file = join(configHome(), "out.json");
    const result = await cli(
      ["export", "--start", "2026-03-01", "--end", "2026-04-30", "--format", "json", "-o", file],
      as(owner.token),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    const body = JSON.parse(readFileSync(file, "utf8"));
    expect(body.status).toBe("success");
    expect(body.data).toHaveLength(3);
    expect(result.stderr).toContain(`Wrote ${file}`);
  });

  it("a period over 366 days is the server's 400, a usage error; no period is refused before any call", async () => {
    const tooLong = await cli(["export", "--start", "2024-01-01", "--end", "2026-01-01"], as(owner.token));
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain("at most 366 days");
    const none = await cli(["export"], as(owner.token));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--period or --start");
  });
});

describe("keygate visitors erase and websites update --retention-days", () => {
  it("refuses without --yes off a terminal, then erases and reports the counts", async () => {
    const refused = await cli(["visitors", "erase", V], as(owner.token));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--yes");
    const erased = await cli(["visitors", "erase", V, "--yes"], as(owner.token));
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.stdout).toContain(`Erased visitor ${V}: 2 events, 1 sessions, 0 payments, 0 profile.`);
    const again = await cli(["visitors", "erase", V, "--yes", "--json"], as(owner.token));
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("No data stored");
    const viewerToken = await tokenFor(owner.id, ["analytics:read"], [site]);
    const forbidden = await cli(["visitors", "erase", randomUUID(), "--yes"], as(viewerToken));
    expect(forbidden.code).not.toBe(0);
  });

  it("sets and clears the retention period", async () => {
    const set = await cli(["websites", "update", site, "--retention-days", "90", "--json"], as(owner.token));
    expect(set.code, set.stderr).toBe(0);
    expect(set.json()[0].retentionDays).toBe(90);
    expect((await (await db()).website.findUniqueOrThrow({ where: { id: site } })).retentionDays).toBe(90);
    const bad = await cli(["websites", "update", site, "--retention-days", "7"], as(owner.token));
    expect(bad.code).toBe(2);
    const cleared = await cli(["websites", "update", site, "--retention-days", "forever", "--json"], as(owner.token));
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.json()[0]).not.toHaveProperty("retentionDays");
  });
});
