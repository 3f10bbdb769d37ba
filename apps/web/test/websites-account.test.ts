// REST v1 websites and account over real HTTP.
import { describe, expect, it } from "vitest";
import { addMember, api, db, newApiKey, newUser, newWebsite, tokenFor, uniqueDomain } from "./helpers";

describe("websites", () => {
  it("POST /websites — normalises the domain, the creator becomes owner, GET lists DataFast's fields", async () => {
    const user = await newUser("creator");
    const domain = uniqueDomain("Norm");
    const created = await api("POST", "/admin/websites", {
      token: user.token,
      body: { domain: `https://${domain.toUpperCase()}/pricing`, timezone: "America/New_York", name: "Shop" },
    });
    expect(created.status).toBe(200);
    expect(Object.keys(created.data[0] ?? {}).sort()).toEqual(["domain", "trackingId", "websiteId"]);
    expect(created.data[0]).toMatchObject({ domain: domain.toLowerCase() });
    expect(created.data[0]?.trackingId).toMatch(/^dfid_/);
    const listed = await api("GET", "/admin/websites", { token: user.token });
    expect(listed.data).toEqual([
      {
        _id: created.data[0]?.websiteId,
        domain: domain.toLowerCase(),
        name: "Shop",
        trackingId: created.data[0]?.trackingId,
        timezone: "America/New_York",
        currency: "USD",
        role: "owner",
      },
    ]);
  });

  it("the same domain twice on one account is 409, also under 5 parallel creates; another account may use it", async () => {
    const user = await newUser("dup");
    const domain = uniqueDomain("dup");
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        api("POST", "/admin/websites", { token: user.token, body: { domain, timezone: "UTC" } }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await (await db()).website.count({ where: { domain } })).toBe(1);
    const other = await newUser("other");
    expect(
      (await api("POST", "/admin/websites", { token: other.token, body: { domain, timezone: "UTC" } })).status,
    ).toBe(200);
  });

  it("invalid website bodies are 400 with details naming the field", async () => {
    const user = await newUser("invalid");
    for (const [body, field] of [
      [{ domain: "example.com", timezone: "Mars/Olympus" }, "timezone"],
      [{ domain: "not a domain", timezone: "UTC" }, "domain"],
      [{ timezone: "UTC" }, "domain"],
      [{ domain: "ok.example.com", timezone: "UTC", plan: "pro" }, "(body)"],
    ] as const) {
      const response = await api("POST", "/admin/websites", { token: user.token, body });
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
  });

  it("website keys and tokens without websites:write cannot create websites; nothing is written", async () => {
    const user = await newUser("nowrite");
    const site = await newWebsite(user);
    const { key } = await newApiKey(user, site);
    const reader = await tokenFor(user.id, ["websites:read"]);
    const before = await (await db()).website.count();
    expect(
      (await api("POST", "/admin/websites", { token: key, body: { domain: uniqueDomain(), timezone: "UTC" } })).status,
    ).toBe(403);
    expect((await api("GET", "/admin/websites", { token: key })).status).toBe(403);
    expect(
      (await api("POST", "/admin/websites", { token: reader, body: { domain: uniqueDomain(), timezone: "UTC" } }))
        .status,
    ).toBe(403);
    expect(await (await db()).website.count()).toBe(before);
  });

  it("a token scoped to some websites lists only those", async () => {
    const user = await newUser("scoped");
    const a = await newWebsite(user, "a");
    await newWebsite(user, "b");
    const scoped = await tokenFor(user.id, ["*"], [a]);
    expect((await api("GET", "/admin/websites", { token: scoped })).data.map((w) => w._id)).toEqual([a]);
  });

  it("GET/PUT /websites/{id}: viewer reads, member updates, viewer's update is 403 with the row unchanged", async () => {
    const owner = await newUser("owner");
    const viewer = await newUser("viewer");
    const member = await newUser("member");
    const site = await newWebsite(owner);
    await addMember(site, viewer, "viewer");
    await addMember(site, member, "member");
    const read = await api("GET", `/admin/websites/${site}`, { token: viewer.token });
    expect(read.status).toBe(200);
    expect(read.data[0]).toMatchObject({ _id: site, role: "viewer" });
    const { key } = await newApiKey(owner, site);
    expect((await api("GET", `/admin/websites/${site}`, { token: key })).data[0]?.role).toBe("member");

    const before = await (await db()).website.findUniqueOrThrow({ where: { id: site } });
    expect(
      (await api("PUT", `/admin/websites/${site}`, { token: viewer.token, body: { name: "Hacked" } })).status,
    ).toBe(403);
    expect(await (await db()).website.findUniqueOrThrow({ where: { id: site } })).toEqual(before);

    const updated = await api("PUT", `/admin/websites/${site}`, {
      token: member.token,
      body: { name: "Renamed", currency: "EUR", timezone: "Asia/Tokyo" },
    });
    expect(updated.status).toBe(200);
    expect(updated.data[0]).toMatchObject({ name: "Renamed", currency: "EUR", timezone: "Asia/Tokyo", role: "member" });
    for (const body of [{ currency: "usd" }, {}, { domain: "bad domain" }]) {
      expect((await api("PUT", `/admin/websites/${site}`, { token: owner.token, body })).status).toBe(400);
    }
  });

  it("PUT /websites/{id} validates and stores the tracking settings: IPs/CIDRs, paths, countries, hostnames, public dashboard", async () => {
    const owner = await newUser("settings");
    const site = await newWebsite(owner);
    const settings = {
      excludedIps: ["203.0.113.7", "10.0.0.0/8", "2001:db8::/32"],
      excludedPaths: ["/admin/*", "/internal"],
      excludedCountries: ["FR", "DE"],
      excludedHostnames: ["staging.example.com"],
      allowedHostnames: ["*.example.org", "App.Example.net"],
      publicDashboard: true,
    };
    const updated = await api("PUT", `/admin/websites/${site}`, { token: owner.token, body: settings });
    expect(updated.status).toBe(200);
    expect(updated.data[0]).toMatchObject({ ...settings, allowedHostnames: ["*.example.org", "app.example.net"] });
    const read = await api("GET", `/admin/websites/${site}`, { token: owner.token });
    expect(read.data[0]).toMatchObject({ excludedIps: settings.excludedIps, publicDashboard: true });
    for (const [field, value] of [
      ["excludedIps", ["300.1.1.1"]],
      ["excludedIps", ["10.0.0.0/33"]],
      ["excludedIps", ["not-an-ip"]],
      ["excludedPaths", ["admin"]],
      ["excludedCountries", ["fr"]],
      ["excludedHostnames", ["bad host"]],
      ["publicDashboard", "yes"],
    ] as const) {
      const response = await api("PUT", `/admin/websites/${site}`, { token: owner.token, body: { [field]: value } });
      expect(response.status, `${field} ${JSON.stringify(value)}`).toBe(400);
      expect(response.body.error.details[0].path).toMatch(new RegExp(`^${field}`));
    }
    expect((await api("GET", `/admin/websites/${site}`, { token: owner.token })).data[0]).toMatchObject(
      read.data[0] ?? {},
    );
  });

  it("DELETE /websites/{id} is always 403, even for the owner, and the website stays", async () => {
    const owner = await newUser("deleter");
    const site = await newWebsite(owner);
    const response = await api("DELETE", `/admin/websites/${site}`, { token: owner.token });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe("Websites can only be deleted from the dashboard");
    expect(await (await db()).website.count({ where: { id: site } })).toBe(1);
  });

  it("another account's website answers 403 exactly like a website that does not exist", async () => {
    const owner = await newUser("a");
    const stranger = await newUser("b");
    const site = await newWebsite(owner);
    for (const method of ["GET", "PUT"] as const) {
      const body = method === "PUT" ? { name: "x" } : undefined;
      const existing = await api(method, `/admin/websites/${site}`, { token: stranger.token, body });
      const missing = await api(method, "/admin/websites/0123456789abcdef01234567", { token: stranger.token, body });
      expect(existing.status).toBe(403);
      expect(missing.body).toEqual(existing.body);
    }
  });
});

describe("account", () => {
  it("GET/PUT /account with a token; PUT writes an audit event", async () => {
    const user = await newUser("acct");
    const read = await api("GET", "/admin/account", { token: user.token });
    expect(read.data[0]).toMatchObject({ _id: user.id, email: user.email, name: null });
    expect(Object.keys(read.data[0] ?? {}).sort()).toEqual(["_id", "createdAt", "email", "name"]);
    const updated = await api("PUT", "/admin/account", { token: user.token, body: { name: "Ada" } });
    expect(updated.data[0]?.name).toBe("Ada");
    expect(await (await db()).auditEvent.count({ where: { action: "account.updated", userId: user.id } })).toBe(1);
    expect((await api("PUT", "/admin/account", { token: user.token, body: { name: "" } })).status).toBe(400);
    expect((await api("PUT", "/admin/account", { token: user.token, body: { name: "x", email: "y" } })).status).toBe(
      400,
    );
  });

  it("with a df_ key: GET returns the owner's profile plus websiteId; PUT is 403 and nothing changes", async () => {
    const owner = await newUser("keyowner");
    const site = await newWebsite(owner);
    const { key } = await newApiKey(owner, site);
    const read = await api("GET", "/admin/account", { token: key });
    expect(read.status).toBe(200);
    expect(read.data[0]).toMatchObject({ _id: owner.id, email: owner.email, websiteId: site });
    expect((await api("PUT", "/admin/account", { token: key, body: { name: "Nope" } })).status).toBe(403);
    expect((await (await db()).user.findUniqueOrThrow({ where: { id: owner.id } })).name).toBeNull();
  });
});
