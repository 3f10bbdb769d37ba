// The real `keygate` binary, spawned: piped (no TTY: nothing is asked, nothing is deleted without
// --yes, --quiet output is capturable) and in a pseudo-terminal (prompts, confirmations, spinner).
import { statSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { api, newApiKey, newUser, newWebsite, type TestUser } from "../../web/test/helpers";
import { configHome, KEY, ptyCli, spawnCli } from "./cli";

let owner: TestUser;
let site: string;
const as = (user: TestUser) => ({ env: { KEYGATE_TOKEN: user.token } });

beforeAll(async () => {
  owner = await newUser("cli-bin");
  site = await newWebsite(owner, "cli-bin");
});

describe("piped: no terminal", () => {
  it("KEY=$(keygate websites apikeys create $W --name prod --quiet) captures the key alone", async () => {
    const result = await spawnCli(["websites", "apikeys", "create", site, "--name", "prod", "--quiet"], as(owner));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^df_[0-9A-Za-z]{36}\n$/);
    expect(result.stderr).toBe("");
    expect((await api("GET", "/admin/account", { token: result.stdout.trim() })).status).toBe(200);
  });

  it("delete without --yes deletes nothing and exits 2", async () => {
    const key = await newApiKey(owner, site, "kept");
    const result = await spawnCli(["websites", "apikeys", "delete", site, key._id], { ...as(owner), stdin: "y\n" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`Error: Refusing to delete key ${key._id} without confirmation (pass --yes)\n`);
    expect((await api("GET", "/admin/account", { token: key.key })).status).toBe(200);
  });

  it("login without --token asks nothing: exit 2 naming the flag, no stack trace", async () => {
    const result = await spawnCli(["login"], { stdin: `${owner.token}\n` });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("Error: Missing --token (no terminal to ask on: pass it on the command line)\n");
  });

  it("--json before the command works, KEYGATE_TOKEN is used, no spinner on a pipe", async () => {
    const result = await spawnCli(["--json", "websites", "list"], as(owner));
    expect(result.code).toBe(0);
    expect(result.json()).toEqual([expect.objectContaining({ _id: site })]);
    expect(result.stderr).toBe("");
  });
});

describe("in a terminal", () => {
  it("login asks for the token (hidden), checks it, stores it 0600", async () => {
    const home = configHome();
    const session = ptyCli(["login"], { home });
    await session.waitFor("Token (dft_");
    session.write(`${owner.token}${KEY.enter}`);
    expect(await session.exit).toBe(0);
    expect(session.output()).toContain(`as ${owner.email}`);
    expect(session.output()).not.toContain(owner.token);
    expect(statSync(join(home, "keygate", "config.json")).mode & 0o777).toBe(0o600);
  });

  it("websites create asks for domain, time zone and name", async () => {
    const domain = `pty-${Date.now()}.example.com`;
    const session = ptyCli(["websites", "create"], as(owner));
    await session.waitFor("Domain");
    session.write(`${domain}${KEY.enter}`);
    await session.waitFor("Time zone");
    session.write(KEY.enter);
    await session.waitFor("Name (optional)");
    session.write(`From a terminal${KEY.enter}`);
    expect(await session.exit, session.output()).toBe(0);
    const list = await api<{ domain: string; name: string }>("GET", "/admin/websites", { token: owner.token });
    expect(list.data).toEqual(expect.arrayContaining([expect.objectContaining({ domain, name: "From a terminal" })]));
  });

  it("apikeys delete asks to confirm: no keeps the key (exit 130), yes revokes it", async () => {
    const key = await newApiKey(owner, site, "confirm me");
    const no = ptyCli(["websites", "apikeys", "delete", site, key._id], as(owner));
    await no.waitFor(`Delete key ${key._id}?`);
    no.write("n");
    no.write(KEY.enter);
    expect(await no.exit).toBe(130);
    expect((await api("GET", "/admin/account", { token: key.key })).status).toBe(200);

    const yes = ptyCli(["websites", "apikeys", "delete", site, key._id], as(owner));
    await yes.waitFor(`Delete key ${key._id}?`);
    yes.write("y");
    yes.write(KEY.enter);
    expect(await yes.exit, yes.output()).toBe(0);
    expect((await api("GET", "/admin/account", { token: key.key })).status).toBe(401);
  });

  it("tokens create with no flags asks for name, permissions and websites; the token is shown once", async () => {
    const session = ptyCli(["tokens", "create"], as(owner));
    await session.waitFor("Token name");
    session.write(`pty token${KEY.enter}`);
    await session.waitFor("Permissions");
    session.write(KEY.space);
    session.write(KEY.enter);
    await session.waitFor("Limit to websites");
    session.write(KEY.enter);
    expect(await session.exit, session.output()).toBe(0);
    expect(session.output()).toMatch(/dft_[0-9A-Za-z]{36}/);
    expect(session.output()).toContain("Shown once");
    const tokens = await api<{ name: string; permissions: string[] }>("GET", "/admin/access-tokens", {
      token: owner.token,
    });
    expect(tokens.data.find((token) => token.name === "pty token")?.permissions).toEqual(["analytics:read"]);
  });

  it("a missing website is chosen from a list", async () => {
    const solo = await newUser("cli-solo");
    const soloSite = await newWebsite(solo, "cli-solo");
    const session = ptyCli(["websites", "get"], as(solo));
    await session.waitFor("Which website?");
    session.write(KEY.enter);
    expect(await session.exit, session.output()).toBe(0);
    expect(session.output()).toContain(soloSite);
  });

  it("a call slower than 300 ms shows a spinner on the terminal", async () => {
    const slow = createServer((_request, response) => {
      setTimeout(() => {
        const body = {
          status: "success",
          data: [{ _id: owner.id, email: "slow@example.com", name: null, createdAt: "" }],
        };
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      }, 1500);
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const address = slow.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const session = ptyCli(["whoami"], {
        env: { KEYGATE_TOKEN: owner.token, KEYGATE_API_URL: `http://127.0.0.1:${port}` },
      });
      await session.waitFor("GET /admin/account");
      expect(await session.exit).toBe(0);
      expect(session.output()).toContain("slow@example.com");
    } finally {
      slow.close();
    }
  });
});
