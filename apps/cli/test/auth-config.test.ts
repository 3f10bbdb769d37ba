// login, logout, whoami and config: what is stored (and how privately), what overrides it, and the
// exit codes when the credential is missing, malformed, unknown or revoked.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { generateKey } from "@keygate/core/credentials";
import { beforeAll, describe, expect, it } from "vitest";
import { api, newApiKey, newUser, newWebsite, type TestUser } from "../../web/test/helpers";
import { freePort } from "../../web/test/server";
import { baseUrl, cli, configHome } from "./cli";

let ada: TestUser;
let bob: TestUser;
let site: string;

beforeAll(async () => {
  ada = await newUser("cli-ada");
  bob = await newUser("cli-bob");
  site = await newWebsite(ada, "cli-auth");
});

const configFile = (home: string) => join(home, "keygate", "config.json");

describe("login", () => {
  it("checks the token, stores it with apiUrl in a 0600 file inside a 0700 directory", async () => {
    const home = configHome();
    const result = await cli(["login", "--token", ada.token], { home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`as ${ada.email}`);
    expect(JSON.parse(readFileSync(configFile(home), "utf8"))).toEqual({ token: ada.token, apiUrl: baseUrl });
    expect(statSync(configFile(home)).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, "keygate")).mode & 0o777).toBe(0o700);
  });

  it("--json prints the account, the kind of credential and where it was stored", async () => {
    const home = configHome();
    const result = await cli(["login", "--token", ada.token, "--json"], { home });
    expect(result.json()).toMatchObject({
      account: { email: ada.email, _id: ada.id },
      kind: "accessToken",
      apiUrl: baseUrl,
      configPath: configFile(home),
    });
  });

  it("a malformed token is a usage error (2); an unknown one is 401 (3); neither is stored", async () => {
    const home = configHome();
    const malformed = await cli(["login", "--token", "dft_nope"], { home });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^Error: --token: Not a Keygate credential/);
    const unknown = await cli(["login", "--token", generateKey("accessToken")], { home });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^Error: /);
    expect(() => statSync(configFile(home))).toThrow();
  });

  it("without --token and without a terminal nothing is asked: exit 2 naming --token", async () => {
    const result = await cli(["login"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Missing --token");
  });

  it("a df_ key logs in too; whoami shows its website", async () => {
    const key = await newApiKey(ada, site, "cli login key");
    const home = configHome();
    expect((await cli(["login", "--token", key.key], { home })).code).toBe(0);
    const whoami = await cli(["whoami", "--json"], { home });
    expect(whoami.json()).toEqual([expect.objectContaining({ email: ada.email, websiteId: site })]);
  });
});

describe("whoami and logout", () => {
  it("whoami prints the API's data with --json and a table without", async () => {
    const home = configHome();
    await cli(["login", "--token", ada.token], { home });
    const json = await cli(["whoami", "--json"], { home });
    expect(json.json()).toEqual([{ _id: ada.id, email: ada.email, name: null, createdAt: expect.any(String) }]);
    const table = await cli(["whoami"], { home });
    expect(table.stdout).toContain(ada.email);
    expect(table.stdout).toMatch(/dft_\w{4}\.\.\.\w{4}/);
    expect(table.stdout).not.toContain(ada.token);
  });

  it("not logged in: exit 3 with a hint; logout forgets the token", async () => {
    const home = configHome();
    const none = await cli(["whoami"], { home });
    expect(none.code).toBe(3);
    expect(none.stderr).toBe("Error: Not logged in: run `keygate login` or set KEYGATE_TOKEN\n");
    await cli(["login", "--token", ada.token], { home });
    const logout = await cli(["logout"], { home });
    expect(logout.code).toBe(0);
    expect(JSON.parse(readFileSync(configFile(home), "utf8"))).toEqual({ apiUrl: baseUrl });
    expect((await cli(["whoami"], { home })).code).toBe(3);
  });

  it("a revoked token gets exit 3", async () => {
    const user = await newUser("cli-revoked");
    const list = await api<{ _id: string }>("GET", "/admin/access-tokens", { token: user.token });
    const tokenId = list.data[0]?._id;
    expect((await api("DELETE", `/admin/access-tokens/${tokenId}`, { token: user.token })).status).toBe(200);
    const result = await cli(["whoami"], { env: { KEYGATE_TOKEN: user.token } });
    expect(result.code).toBe(3);
  });
});

describe("environment and flags override the config", () => {
  it("KEYGATE_TOKEN beats the stored token", async () => {
    const home = configHome();
    await cli(["login", "--token", ada.token], { home });
    const whoami = await cli(["whoami", "--json"], { home, env: { KEYGATE_TOKEN: bob.token } });
    expect(whoami.json()[0].email).toBe(bob.email);
  });

  it("KEYGATE_API_URL beats the stored URL, and --api-url beats both; a dead server is exit 7", async () => {
    const home = configHome();
    await cli(["login", "--token", ada.token], { home });
    const dead = `http://127.0.0.1:${await freePort()}`;
    const viaEnv = await cli(["whoami"], { home, env: { KEYGATE_API_URL: dead } });
    expect(viaEnv.code).toBe(7);
    expect(viaEnv.stderr).toMatch(/^Error: Cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    const viaFlag = await cli(["whoami", "--api-url", baseUrl], { home, env: { KEYGATE_API_URL: dead } });
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
  });

  it("an invalid KEYGATE_API_URL is a usage error naming the variable", async () => {
    const result = await cli(["whoami"], { env: { KEYGATE_API_URL: "not a url" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("KEYGATE_API_URL");
  });
});

describe("config", () => {
  it("show masks the token and says where each value comes from", async () => {
    const home = configHome();
    await cli(["login", "--token", ada.token], { home });
    await cli(["config", "set-website", site], { home });
    const shown = await cli(["config", "show", "--json"], { home, env: { KEYGATE_API_URL: undefined } });
    expect(shown.json()).toEqual({
      configPath: configFile(home),
      apiUrl: baseUrl,
      apiUrlFrom: "config",
      token: expect.stringMatching(/^dft_\w{4}\.\.\.\w{4}$/),
      tokenFrom: "config",
      website: site,
      websiteFrom: "config",
    });
    expect(shown.stdout).not.toContain(ada.token);
    const env = await cli(["config", "show", "--json"], { home, env: { KEYGATE_WEBSITE: "665f0b3c4d2e1a0012345678" } });
    expect(env.json()).toMatchObject({ website: "665f0b3c4d2e1a0012345678", websiteFrom: "KEYGATE_WEBSITE" });
    const flag = await cli(["config", "show", "--json", "--website", "665f0b3c4d2e1a0012345679"], { home });
    expect(flag.json()).toMatchObject({ websiteFrom: "--website" });
  });

  it("set-website refuses a malformed id (2); clear-website forgets it", async () => {
    const home = configHome();
    expect((await cli(["config", "set-website", "nope"], { home })).code).toBe(2);
    await cli(["config", "set-website", site], { home });
    expect(JSON.parse(readFileSync(configFile(home), "utf8"))).toEqual({ website: site });
    await cli(["config", "clear-website"], { home });
    expect(() => statSync(configFile(home))).toThrow();
  });

  it("the default website is used when the command gives none", async () => {
    const home = configHome();
    await cli(["login", "--token", ada.token], { home });
    await cli(["config", "set-website", site], { home });
    const got = await cli(["websites", "get", "--json"], { home });
    expect(got.json()[0]._id).toBe(site);
  });
});
