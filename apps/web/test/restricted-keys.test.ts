// Restricted credentials: a website key limited to some permissions, keys and tokens limited to IP
// ranges, and the key that created a key. Without the new fields everything answers as before.
import { describe, expect, it } from "vitest";
import { api, db, newUser, newWebsite, type TestUser, tokenFor } from "./helpers";

const keysPath = (site: string) => `/admin/websites/${site}/apikeys`;

async function createKey(caller: string, site: string, body: Record<string, unknown>) {
  return api<{ _id: string; key: string; permissions?: string[]; allowedIps?: string[]; createdByKeyId?: string }>(
    "POST",
    keysPath(site),
    { token: caller, body },
  );
}

async function setup(): Promise<{ owner: TestUser; site: string }> {
  const owner = await newUser("owner");
  return { owner, site: await newWebsite(owner) };
}

describe("restricted website keys", () => {
  it("a key limited to analytics:read reads analytics and nothing else; its answer names the limit", async () => {
    const { owner, site } = await setup();
    const created = await createKey(owner.token, site, { name: "reporting", permissions: ["analytics:read"] });
    expect(created.status).toBe(200);
    const key = created.data[0];
    expect(key?.permissions).toEqual(["analytics:read"]);
    expect((await api("GET", "/analytics/overview", { token: key?.key })).status).toBe(200);
    const list = await api("GET", keysPath(site), { token: key?.key });
    expect(list.status).toBe(403);
    expect(list.body.error.message).toBe("Missing permission: api-keys:read");
    expect(
      (await api("POST", "/goals", { token: key?.key, body: { name: "x", datafast_visitor_id: "v" } })).status,
    ).toBe(403);
    // The owner's list shows the restriction on that key only.
    const listed = await api<{ _id: string; permissions?: string[] }>("GET", keysPath(site), { token: owner.token });
    expect(listed.data.find((row) => row._id === key?._id)?.permissions).toEqual(["analytics:read"]);
  });

  it("a restricted key makes and rolls only keys within its own permissions, and is named as their creator", async () => {
    const { owner, site } = await setup();
    const manager = (
      await createKey(owner.token, site, { permissions: ["api-keys:read", "api-keys:write", "analytics:read"] })
    ).data[0];
    const full = (await createKey(owner.token, site, { name: "full" })).data[0];

    // No permissions asked: the new key gets the creator's, never a full key.
    const child = await createKey(manager?.key as string, site, { name: "child" });
    expect(child.status).toBe(200);
    expect(child.data[0]?.permissions).toEqual(["analytics:read", "api-keys:read", "api-keys:write"]);
    expect(child.data[0]?.createdByKeyId).toBe(manager?._id);
    const narrower = await createKey(manager?.key as string, site, { permissions: ["analytics:read"] });
    expect(narrower.data[0]?.permissions).toEqual(["analytics:read"]);
    const wider = await createKey(manager?.key as string, site, { permissions: ["analytics:read", "goals:write"] });
    expect(wider.status).toBe(403);
    expect(wider.body.error.message).toContain("goals:write");

    // Rolling a fuller key would hand over its new value: refused, and the full key still works.
    const roll = await api("PUT", `${keysPath(site)}/${full?._id}`, { token: manager?.key });
    expect(roll.status).toBe(403);
    expect((await api("GET", keysPath(site), { token: full?.key })).status).toBe(200);
    expect((await api("PUT", `${keysPath(site)}/${narrower.data[0]?._id}`, { token: manager?.key })).status).toBe(200);

    // A full key creating a key: recorded too; a key made by a user has no createdByKeyId.
    const byFull = await createKey(full?.key as string, site, {});
    expect(byFull.data[0]?.createdByKeyId).toBe(full?._id);
    expect(byFull.data[0]?.permissions).toBeUndefined();
    expect(full?.createdByKeyId).toBeUndefined();
    const stored = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: byFull.data[0]?._id } });
    expect(stored.createdByKeyId).toBe(full?._id);
    expect(stored.createdById).toBeNull();
  });

  it("a token with few permissions makes keys restricted to them, and cannot roll a fuller key", async () => {
    const { owner, site } = await setup();
    const narrow = await tokenFor(owner.id, ["api-keys:read", "api-keys:write"], [site]);
    const made = await createKey(narrow, site, { name: "from a narrow token" });
    expect(made.status).toBe(200);
    expect(made.data[0]?.permissions).toEqual(["api-keys:read", "api-keys:write"]);
    const wider = await createKey(narrow, site, { permissions: ["settings:write"] });
    expect(wider.status).toBe(403);
    expect(wider.body.error.message).toContain("settings:write");
    const full = (await createKey(owner.token, site, { name: "full" })).data[0];
    expect((await api("PUT", `${keysPath(site)}/${full?._id}`, { token: narrow })).status).toBe(403);
    expect((await api("GET", keysPath(site), { token: full?.key })).status).toBe(200);
    // The owner's own full token still makes full keys, as always.
    expect((await createKey(owner.token, site, {})).data[0]?.permissions).toBeUndefined();
  });

  it("refuses permissions a website key can never hold, and empty lists, with details", async () => {
    const { owner, site } = await setup();
    for (const permissions of [["websites:write"], ["team:write"], [], ["analytics:read", "nope"]]) {
      const refused = await createKey(owner.token, site, { permissions });
      expect(refused.status, JSON.stringify(permissions)).toBe(400);
      expect(refused.body.error.details[0].path).toMatch(/^permissions/);
    }
    expect(await (await db()).websiteApiKey.count({ where: { websiteId: site } })).toBe(0);
  });

  it("without the new fields a key's answer has exactly DataFast's fields", async () => {
    const { owner, site } = await setup();
    const created = await createKey(owner.token, site, { name: "plain" });
    expect(Object.keys(created.data[0] ?? {}).sort()).toEqual(
      ["_id", "createdAt", "displayKey", "key", "lastUsedAt", "name", "websiteId"].sort(),
    );
    const token = await api("POST", "/admin/access-tokens", { token: owner.token, body: { name: "plain" } });
    expect(Object.keys(token.data[0] ?? {})).not.toContain("allowedIps");
  });
});

describe("IP allowlists", () => {
  // In-process requests come from 127.0.0.1 (TRUST_PROXY off: X-Forwarded-For is not believed).
  it("a key works from its ranges only; elsewhere is 403 naming the address; the header cannot fake one", async () => {
    const { owner, site } = await setup();
    const inside = (await createKey(owner.token, site, { allowedIps: ["127.0.0.0/8", "2001:db8::/32"] })).data[0];
    expect(inside?.allowedIps).toEqual(["127.0.0.0/8", "2001:db8::/32"]);
    expect((await api("GET", keysPath(site), { token: inside?.key })).status).toBe(200);

    const outside = (await createKey(owner.token, site, { allowedIps: ["203.0.113.0/24"] })).data[0];
    const refused = await api("GET", keysPath(site), { token: outside?.key });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      "This key is restricted to its allowed IP addresses (allowedIps); this request came from 127.0.0.1",
    );
    const spoofed = await api("GET", keysPath(site), {
      token: outside?.key,
      headers: { "x-forwarded-for": "203.0.113.7" },
    });
    expect(spoofed.status).toBe(403);
    // A roll keeps the allowlist.
    const rolled = await api<{ key: string; allowedIps?: string[] }>("PUT", `${keysPath(site)}/${outside?._id}`, {
      token: owner.token,
    });
    expect(rolled.data[0]?.allowedIps).toEqual(["203.0.113.0/24"]);
    expect((await api("GET", keysPath(site), { token: rolled.data[0]?.key })).status).toBe(403);
  });

  it("account tokens too; malformed ranges are 400 with details", async () => {
    const { owner, site } = await setup();
    const make = (allowedIps: unknown) =>
      api<{ key: string; allowedIps?: string[] }>("POST", "/admin/access-tokens", {
        token: owner.token,
        body: { name: "agent", allowedIps },
      });
    const here = await make(["127.0.0.1"]);
    expect(here.data[0]?.allowedIps).toEqual(["127.0.0.1"]);
    expect((await api("GET", keysPath(site), { token: here.data[0]?.key })).status).toBe(200);
    const there = await make(["198.51.100.0/24"]);
    const refused = await api("GET", "/admin/websites", { token: there.data[0]?.key });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("This token is restricted to its allowed IP addresses");
    for (const bad of [["10.0.0.0/33"], ["not-an-ip"], [], ["::1/129"], "127.0.0.1"]) {
      const invalid = await make(bad);
      expect(invalid.status, JSON.stringify(bad)).toBe(400);
    }
    const badKey = await createKey(owner.token, site, { allowedIps: ["300.1.1.1"] });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.details[0].path).toBe("allowedIps.0");
  });
});
