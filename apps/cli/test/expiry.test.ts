// --expires-in-days and --expires-at on `websites apikeys create` and `tokens create`: checked locally
// (exit 2 naming the flag), sent as the API's expiresAt, and shown by the lists only when set.
import { beforeAll, describe, expect, it } from "vitest";
import { newUser, newWebsite, type TestUser } from "../../web/test/helpers";
import { cli } from "./cli";

const DAY = 86_400_000;
let owner: TestUser;
let site: string;
const as = (user: TestUser) => ({ env: { KEYGATE_TOKEN: user.token } });

beforeAll(async () => {
  owner = await newUser("cli-expiry");
  site = await newWebsite(owner, "cli-expiry");
});

describe("credential expiry flags", () => {
  it("apikeys list has no expiresAt column until a key has one", async () => {
    await cli(["websites", "apikeys", "create", site, "--name", "forever", "--quiet"], as(owner));
    const before = await cli(["websites", "apikeys", "list", site], as(owner));
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/^_id\s+name\s+displayKey\s+lastUsedAt\s+createdAt\n/);
    const created = await cli(
      ["websites", "apikeys", "create", site, "--name", "ci", "--expires-in-days", "30", "--json"],
      as(owner),
    );
    expect(created.code, created.stderr).toBe(0);
    const [key] = created.json();
    const left = Date.parse(key.expiresAt) - Date.now();
    expect(left).toBeGreaterThan(29.9 * DAY);
    expect(left).toBeLessThanOrEqual(30 * DAY);
    const after = await cli(["websites", "apikeys", "list", site], as(owner));
    expect(after.stdout).toMatch(/^_id\s+name\s+displayKey\s+lastUsedAt\s+createdAt\s+expiresAt\n/);
    expect(after.stdout).toContain(key.expiresAt);
  });

  it("tokens create --expires-at sends the instant; tokens list shows it", async () => {
    const at = new Date(Date.now() + 10 * DAY).toISOString();
    const created = await cli(["tokens", "create", "--name", "short", "--expires-at", at, "--json"], as(owner));
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()[0].expiresAt).toBe(at);
    const listed = await cli(["tokens", "list"], as(owner));
    expect(listed.stdout).toMatch(/\sexpiresAt\n/);
    expect(listed.stdout).toContain(at);
  });

  it("bad values stop locally with exit 2, naming the flag; nothing is created", async () => {
    const before = (await cli(["tokens", "list", "--json"], as(owner))).json().length;
    const cases: [string[], string][] = [
      [
        ["--expires-in-days", "0"],
        "Error: Invalid input (--expires-in-days: Must be a whole number of days from 1 to 1826)\n",
      ],
      [
        ["--expires-in-days", "soon"],
        "Error: Invalid input (--expires-in-days: Must be a whole number of days from 1 to 1826)\n",
      ],
      [["--expires-at", "2020-01-01T00:00:00Z"], "Error: Invalid input (--expires-at: Must be in the future)\n"],
      [
        ["--expires-at", "tomorrow"],
        "Error: Invalid input (--expires-at: Must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z)\n",
      ],
      [
        ["--expires-in-days", "3", "--expires-at", "2030-01-01T00:00:00Z"],
        "Error: Give --expires-in-days or --expires-at, not both\n",
      ],
    ];
    for (const [flags, message] of cases) {
      const token = await cli(["tokens", "create", "--name", "bad", ...flags], as(owner));
      expect(token.code, flags.join(" ")).toBe(2);
      expect(token.stderr).toBe(message);
      const key = await cli(["websites", "apikeys", "create", site, "--name", "bad", ...flags], as(owner));
      expect(key.code).toBe(2);
      expect(key.stderr).toBe(message);
    }
    expect((await cli(["tokens", "list", "--json"], as(owner))).json()).toHaveLength(before);
  });
});
