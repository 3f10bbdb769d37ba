// The ops commands, run as users run them (`pnpm ops …`), against Postgres and the embedded database.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { api, db, newUser, newWebsite, uniqueEmail } from "./helpers";
import { startServer, testLogPath } from "./server";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const run = promisify(execFile);

async function ops(args: string[], env: Record<string, string> = { DATABASE_URL: inject("databaseUrl") }) {
  try {
    const { stdout, stderr } = await run("pnpm", ["--silent", "ops", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? "";

describe("pnpm ops", () => {
  it("user:create stores an argon2id hash and --staff; token:create prints a working token last; member:set adds and changes a role", async () => {
    const email = uniqueEmail("ops");
    const created = await ops([
      "user:create",
      "--email",
      email,
      "--password",
      "s3cret-passphrase",
      "--name",
      "Op",
      "--staff",
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("two-factor sign-in");
    const user = await (await db()).user.findUniqueOrThrow({ where: { email } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain("s3cret-passphrase");
    expect(user.isStaff).toBe(true);
    expect((await ops(["user:create", "--email", email, "--password", "another-pass"])).code).toBe(1);

    const owner = await newUser("owner");
    const site = await newWebsite(owner);
    const member = await ops(["member:set", "--website", site, "--email", email, "--role", "viewer"]);
    expect(member.code).toBe(0);
    const token = await ops([
      "token:create",
      "--email",
      email,
      "--name",
      "ops",
      "--permissions",
      "websites:read,api-keys:read",
      "--websites",
      site,
    ]);
    expect(token.code).toBe(0);
    const raw = lastLine(token.stdout);
    expect(raw).toMatch(/^dft_[0-9A-Za-z]{36}$/);
    const listed = await api("GET", "/admin/websites", { token: raw });
    expect(listed.data.map((w) => [w._id, w.role])).toEqual([[site, "viewer"]]);
    expect((await api("GET", "/admin/account", { token: raw })).status).toBe(200);
    expect((await api("GET", "/admin/access-tokens", { token: raw })).data[0]).toMatchObject({
      permissions: ["websites:read", "api-keys:read"],
      websiteIds: [site],
    });

    expect((await ops(["member:set", "--website", site, "--email", email, "--role", "member"])).code).toBe(0);
    expect((await api("GET", "/admin/websites", { token: raw })).data[0]?.role).toBe("member");
    const events = await (await db()).auditEvent.findMany({ where: { actorType: "ops", targetId: user.id } });
    expect(events.map((e) => e.action)).toEqual(["user.created"]);
    expect(
      await (await db()).auditEvent.count({ where: { actorType: "ops", action: "membership.set", websiteId: site } }),
    ).toBe(2);
  });

  it("usage errors exit 2 with the usage text; unknown emails exit 1", async () => {
    const unknown = await ops(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Usage:");
    const badPermission = await ops(["token:create", "--email", "x@example.com", "--permissions", "root:all"]);
    expect(badPermission.code).toBe(2);
    expect(badPermission.stderr).toContain("permissions");
    expect((await ops(["token:create", "--email", uniqueEmail("nobody")])).code).toBe(1);
    expect((await ops(["member:set", "--website", "x", "--email", "y", "--role", "king"])).code).toBe(2);
  });
});

describe("pnpm ops demo:traffic", () => {
  it("replaces a website's analytics with generated traffic the Website API then shows; bad input exits 2", async () => {
    const owner = await newUser("ops-demo");
    const website = await newWebsite(owner, "ops-demo");
    const overview = async () =>
      (
        await api("GET", `/analytics/overview?websiteId=${website}&fields=visitors,sessions,payments`, {
          token: owner.token,
        })
      ).data[0] as Record<string, number>;
    expect(await overview()).toEqual({ visitors: 0, sessions: 0, payments: 0 });
    const first = await ops(["demo:traffic", "--website", website, "--days", "3"]);
    expect(first.code, first.stderr).toBe(0);
    const counts = /(\d+) visitors, (\d+) events, (\d+) payments/.exec(first.stdout);
    expect(counts).not.toBeNull();
    const after = await overview();
    expect(after.visitors).toBe(Number(counts?.[1]));
    expect(after.visitors).toBeGreaterThan(20);
    // Seeded: running it again replaces the traffic with the same story instead of adding to it.
    expect((await ops(["demo:traffic", "--website", website, "--days", "3"])).code).toBe(0);
    expect(await overview()).toEqual(after);
    expect((await ops(["demo:traffic", "--website", website, "--days", "0"])).code).toBe(2);
    expect((await ops(["demo:traffic", "--website", "665f0b3c4d2e1a0012345678"])).code).toBe(1);
  });
});

describe("embedded database", () => {
  it("runs with no DATABASE_URL, migrated on start, and keeps its data across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "keygate-embedded-"));
    const env = { DATABASE_URL: "", DATA_DIR: dataDir };
    try {
      const email = uniqueEmail("embedded");
      expect((await ops(["user:create", "--email", email, "--password", "embedded-pass"], env)).code).toBe(0);
      const token = lastLine((await ops(["token:create", "--email", email], env)).stdout);
      expect(token).toMatch(/^dft_/);

      const logPath = testLogPath("embedded");
      let server = await startServer({ env, logPath });
      const call = (method: string, path: string, body?: unknown, bearer = token) =>
        fetch(`${server.baseUrl}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, body: await r.json() }));
      const website = await call("POST", "/admin/websites", { domain: "embedded.example.com", timezone: "UTC" });
      expect(website.status).toBe(200);
      const websiteId = website.body.data[0].websiteId;
      const key = (await call("POST", `/admin/websites/${websiteId}/apikeys`, { name: "kept" })).body.data[0].key;
      expect(await server.stop()).toBe(0);

      server = await startServer({ env, logPath });
      const websites = await call("GET", "/admin/websites");
      expect(websites.body.data.map((w: { _id: string }) => w._id)).toEqual([websiteId]);
      const keys = await call("GET", `/admin/websites/${websiteId}/apikeys`, undefined, key);
      expect(keys.status).toBe(200);
      expect(keys.body.data[0].name).toBe("kept");
      expect(await server.stop()).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
