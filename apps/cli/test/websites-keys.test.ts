// websites, apikeys, tokens and team against the running server: --json shapes, tables, --quiet,
// confirmations without a terminal, and the exit code of each API refusal.
import { beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  api,
  newApiKey,
  newUser,
  newWebsite,
  type TestUser,
  tokenFor,
  uniqueDomain,
} from "../../web/test/helpers";
import { cli } from "./cli";

let owner: TestUser;
let viewer: TestUser;
let site: string;
const as = (user: TestUser | string) => ({ env: { KEYGATE_TOKEN: typeof user === "string" ? user : user.token } });

beforeAll(async () => {
  owner = await newUser("cli-owner");
  viewer = await newUser("cli-viewer");
  site = await newWebsite(owner, "cli-sites");
  await addMember(site, viewer, "viewer");
});

describe("websites", () => {
  it("list --json is the API's data; the table shows domains", async () => {
    const json = await cli(["websites", "list", "--json"], as(owner));
    expect(json.code).toBe(0);
    expect(json.json()).toEqual(expect.arrayContaining([expect.objectContaining({ _id: site, role: "owner" })]));
    const table = await cli(["websites", "list"], as(owner));
    expect(table.stdout).toContain(site);
    expect(table.stdout).toMatch(/^_id\s+domain\s+name\s+timezone\s+currency\s+role\n/);
  });

  it("create checks input locally with the API's contract (exit 2, flag named), then 409 on a duplicate (6)", async () => {
    const bad = await cli(["websites", "create", "--domain", "not a domain", "--timezone", "Mars/Base"], as(owner));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "Error: Invalid input (--domain: Must be a domain name such as example.com; --timezone: Must be an IANA time zone such as Europe/Paris)\n",
    );
    const domain = uniqueDomain("cli-new");
    const created = await cli(
      ["websites", "create", "--domain", `https://${domain}/`, "--timezone", "UTC", "--json"],
      as(owner),
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toEqual([
      { websiteId: expect.any(String), domain, trackingId: expect.stringMatching(/^dfid_/) },
    ]);
    const again = await cli(["websites", "create", "--domain", domain, "--timezone", "UTC"], as(owner));
    expect(again.code).toBe(6);
    expect(again.stderr).toMatch(/^Error: .+\n$/);
  });

  it("create without --domain and without a terminal: exit 2 naming --domain", async () => {
    const result = await cli(["websites", "create", "--timezone", "UTC"], as(owner));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Missing --domain");
  });

  it("get and update: settings as the API returns them; a viewer gets 403 (4)", async () => {
    const updated = await cli(
      [
        "websites",
        "update",
        site,
        "--currency",
        "EUR",
        "--excluded-paths",
        "/admin/*,/internal",
        "--public-dashboard",
        "true",
        "--json",
      ],
      as(owner),
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.json()[0]).toMatchObject({
      currency: "EUR",
      excludedPaths: ["/admin/*", "/internal"],
      publicDashboard: true,
    });
    const got = await cli(["websites", "get", site, "--json"], as(owner));
    expect(got.json()[0]).toMatchObject({ _id: site, currency: "EUR" });
    const denied = await cli(["websites", "update", site, "--currency", "USD"], as(viewer));
    expect(denied.code).toBe(4);
    expect(denied.stderr).toMatch(/^Error: /);
  });

  it("update with nothing to change is a usage error; an unknown website is 403 like the API says", async () => {
    expect((await cli(["websites", "update", site], as(owner))).code).toBe(2);
    const unknown = await cli(["websites", "get", "665f0b3c4d2e1a0012345678"], as(owner));
    expect(unknown.code).toBe(4);
    const malformed = await cli(["websites", "get", "nope"], as(owner));
    expect(malformed.code).toBe(2);
    // An id is one path segment, encoded: it cannot walk to another route.
    const traversal = await cli(["websites", "get", "../access-tokens", "--json"], as(owner));
    expect(traversal.code).toBe(2);
    expect(traversal.stdout).toBe("");
  });
});

describe("websites apikeys", () => {
  it("create --quiet prints the raw key alone, and the key works", async () => {
    const result = await cli(["websites", "apikeys", "create", site, "--name", "prod", "--quiet"], as(owner));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^df_[0-9A-Za-z]{36}\n$/);
    const account = await api("GET", "/admin/account", { token: result.stdout.trim() });
    expect(account.data[0]).toMatchObject({ websiteId: site });
  });

  it("create without --quiet shows the key once with a warning on stderr; --json is the API's data", async () => {
    const human = await cli(["websites", "apikeys", "create", site, "--name", "ci"], as(owner));
    expect(human.stdout).toMatch(/df_[0-9A-Za-z]{36}/);
    expect(human.stderr).toContain("Shown once");
    const json = await cli(["websites", "apikeys", "create", site, "--json"], as(owner));
    expect(json.json()).toEqual([
      expect.objectContaining({
        _id: expect.any(String),
        name: null,
        websiteId: site,
        key: expect.stringMatching(/^df_/),
      }),
    ]);
  });

  it("list is masked; roll needs --yes without a terminal, then the old key gets 401", async () => {
    const key = await newApiKey(owner, site, "to roll");
    const list = await cli(["websites", "apikeys", "list", site, "--json"], as(owner));
    expect(list.json().find((row: { _id: string }) => row._id === key._id)).not.toHaveProperty("key");
    expect(list.stdout).not.toContain(key.key);

    const refused = await cli(["websites", "apikeys", "roll", site, key._id], as(owner));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass --yes");
    expect((await api("GET", "/admin/account", { token: key.key })).status).toBe(200);

    const rolled = await cli(["websites", "apikeys", "roll", site, key._id, "--yes", "--quiet"], as(owner));
    expect(rolled.code).toBe(0);
    expect((await api("GET", "/admin/account", { token: key.key })).status).toBe(401);
    expect((await api("GET", "/admin/account", { token: rolled.stdout.trim() })).status).toBe(200);
  });

  it("roll --expire-old-key-in-minutes keeps the old key working; --json is the API's data; bad values are exit 2", async () => {
    const key = await newApiKey(owner, site, "to roll gently");
    const flag = "--expire-old-key-in-minutes";
    for (const bad of ["-5", "10081", "1.5", "soon"]) {
      const refused = await cli(["websites", "apikeys", "roll", site, key._id, flag, bad, "--yes"], as(owner));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(flag);
    }
    expect((await api("GET", "/admin/account", { token: key.key })).status).toBe(200);

    const rolled = await cli(["websites", "apikeys", "roll", site, key._id, flag, "60", "--yes", "--json"], as(owner));
    expect(rolled.code).toBe(0);
    const [row] = rolled.json();
    expect(row).toMatchObject({ _id: key._id, name: "to roll gently", key: expect.stringMatching(/^df_/) });
    expect((await api("GET", "/admin/account", { token: key.key })).status).toBe(200);
    expect((await api("GET", "/admin/account", { token: row.key })).status).toBe(200);

    const again = await cli(["websites", "apikeys", "roll", site, key._id, flag, "0", "--yes", "--quiet"], as(owner));
    expect(again.code).toBe(0);
    expect((await api("GET", "/admin/account", { token: row.key })).status).toBe(401);
    expect((await api("GET", "/admin/account", { token: key.key })).status).toBe(401);
    expect((await api("GET", "/admin/account", { token: again.stdout.trim() })).status).toBe(200);
  });

  it("--idempotency-key: the same key twice answers the same raw key (one key made); a bad one is exit 2", async () => {
    const retrySafe = `ci-${Date.now()}`;
    const args = [
      "websites",
      "apikeys",
      "create",
      site,
      "--name",
      "retried",
      "--idempotency-key",
      retrySafe,
      "--quiet",
    ];
    const first = await cli(args, as(owner));
    const again = await cli(args, as(owner));
    expect(first.code, first.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    const listed = await cli(["websites", "apikeys", "list", site, "--json"], as(owner));
    expect(listed.json().filter((key: { name: string }) => key.name === "retried")).toHaveLength(1);
    const other = await cli([...args.slice(0, 5), "another", ...args.slice(6)], as(owner));
    expect(other.code).toBe(2); // the same key for a different request
    const bad = await cli(["websites", "apikeys", "create", site, "--idempotency-key", "has space"], as(owner));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--idempotency-key");
  });

  it("create --permissions and --allowed-ips make a restricted key; values the API refuses are exit 2 naming the flag", async () => {
    const created = await cli(
      [
        "websites",
        "apikeys",
        "create",
        site,
        "--permissions",
        "analytics:read",
        "--allowed-ips",
        "127.0.0.1",
        "--json",
      ],
      as(owner),
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()[0]).toMatchObject({ permissions: ["analytics:read"], allowedIps: ["127.0.0.1"] });
    const account = await cli(["websites", "apikeys", "create", site, "--permissions", "websites:write"], as(owner));
    expect(account.code).toBe(2);
    expect(account.stderr).toContain("--permissions");
    const range = await cli(["websites", "apikeys", "create", site, "--allowed-ips", "10.0.0.0/40"], as(owner));
    expect(range.code).toBe(2);
    expect(range.stderr).toContain("--allowed-ips");
  });

  it("delete needs --yes without a terminal; with it the key is revoked; a missing id is exit 2", async () => {
    const key = await newApiKey(owner, site, "to delete");
    expect((await cli(["websites", "apikeys", "delete", site, key._id], as(owner))).code).toBe(2);
    expect((await api("GET", "/admin/account", { token: key.key })).status).toBe(200);
    const deleted = await cli(["websites", "apikeys", "delete", site, key._id, "--yes", "--json"], as(owner));
    expect(deleted.json()).toEqual([{ deleted: true }]);
    expect((await api("GET", "/admin/account", { token: key.key })).status).toBe(401);
    const missing = await cli(["websites", "apikeys", "delete", site, "--yes"], as(owner));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Missing <apiKeyId>");
    const unknown = await cli(["websites", "apikeys", "delete", site, "665f0b3c4d2e1a0012345678", "--yes"], as(owner));
    expect(unknown.code).toBe(5);
  });

  it("with a df_ key the website comes from the key", async () => {
    const key = await newApiKey(owner, site, "self");
    const list = await cli(["websites", "apikeys", "list", "--json"], as(key.key));
    expect(list.code, list.stderr).toBe(0);
    expect(list.json().some((row: { _id: string }) => row._id === key._id)).toBe(true);
  });

  it("no website anywhere and no terminal: exit 2 naming what to pass", async () => {
    const result = await cli(["websites", "apikeys", "list"], as(owner));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Missing <websiteId>");
  });
});

describe("tokens", () => {
  it("create with --permissions and --websites; --quiet prints the raw token alone", async () => {
    const created = await cli(
      [
        "tokens",
        "create",
        "--name",
        "reader",
        "--permissions",
        "analytics:read,websites:read",
        "--websites",
        site,
        "--json",
      ],
      as(owner),
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toEqual([
      expect.objectContaining({
        name: "reader",
        permissions: ["analytics:read", "websites:read"],
        websiteIds: [site],
        key: expect.stringMatching(/^dft_/),
      }),
    ]);
    const quiet = await cli(["tokens", "create", "--name", "quiet", "--quiet"], as(owner));
    expect(quiet.stdout).toMatch(/^dft_[0-9A-Za-z]{36}\n$/);
  });

  it("an unknown permission is refused locally (2); a wider token than the caller's is 403 (4)", async () => {
    const bad = await cli(["tokens", "create", "--name", "x", "--permissions", "everything"], as(owner));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--permissions.0");
    const narrow = await tokenFor(owner.id, ["analytics:read", "api-keys:write"]);
    const wider = await cli(["tokens", "create", "--name", "x", "--permissions", "*"], as(narrow));
    expect(wider.code).toBe(4);
  });

  it("create without --name and without a terminal asks nothing: exit 2", async () => {
    const result = await cli(["tokens", "create"], as(owner));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Missing --name");
  });

  it("list is masked; delete --yes revokes; a df_ key may not list tokens (4)", async () => {
    const token = await tokenFor(owner.id, ["analytics:read"]);
    const list = await cli(["tokens", "list", "--json"], as(owner));
    expect(list.stdout).not.toContain(token);
    const row = list.json().find((item: { permissions: string[] }) => item.permissions.join() === "analytics:read");
    const deleted = await cli(["tokens", "delete", row._id, "--yes"], as(owner));
    expect(deleted.code, deleted.stderr).toBe(0);
    expect((await api("GET", "/admin/account", { token })).status).toBe(401);
    const key = await newApiKey(owner, site, "no tokens");
    expect((await cli(["tokens", "list"], as(key.key))).code).toBe(4);
  });
});

describe("websites team", () => {
  it("list, invite (owner only), set-role and remove", async () => {
    const list = await cli(["websites", "team", "list", site, "--json"], as(owner));
    expect(list.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: viewer.id, role: "viewer" })]),
    );
    const invited = await cli(
      ["websites", "team", "invite", site, "--email", "new-person@example.com", "--json"],
      as(owner),
    );
    expect(invited.code, invited.stderr).toBe(0);
    expect(invited.json()[0]).toMatchObject({
      email: "new-person@example.com",
      role: "viewer",
      inviteUrl: expect.any(String),
    });
    const twice = await cli(["websites", "team", "invite", site, "--email", "new-person@example.com"], as(owner));
    expect(twice.code).toBe(6);
    const byViewer = await cli(["websites", "team", "invite", site, "--email", "x@example.com"], as(viewer));
    expect(byViewer.code).toBe(4);

    const promoted = await cli(["websites", "team", "set-role", site, viewer.id, "--role", "member"], as(owner));
    expect(promoted.code, promoted.stderr).toBe(0);
    const refused = await cli(["websites", "team", "remove", site, viewer.id], as(owner));
    expect(refused.code).toBe(2);
    const theirKey = await cli(["websites", "apikeys", "create", site, "--name", "theirs", "--quiet"], as(viewer));
    expect(theirKey.code, theirKey.stderr).toBe(0);
    const removed = await cli(["websites", "team", "remove", site, viewer.id, "--revoke-keys", "--yes"], as(owner));
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain("1 website key they created revoked");
    const after = await cli(["websites", "team", "list", site, "--json"], as(owner));
    expect(after.json().some((member: { userId: string }) => member.userId === viewer.id)).toBe(false);
  });

  it("an invalid role is refused locally", async () => {
    const result = await cli(
      ["websites", "team", "invite", site, "--email", "a@example.com", "--role", "owner"],
      as(owner),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--role");
  });
});
