// REST v1 funnels and alerts: bodies, limits, conflicts, soft delete.
import { describe, expect, it } from "vitest";
import { addMember, api, db, newApiKey, newUser, newWebsite } from "./helpers";

const steps = [
  { name: "Pricing", type: "pageview", url: "/pricing" },
  { name: "Signup", type: "goal", goalName: "signup" },
];

describe("funnels", () => {
  it("create, list, update, soft delete; 409 on a duplicate name; the name is free again after delete", async () => {
    const owner = await newUser("funnels");
    const site = await newWebsite(owner);
    const created = await api("POST", `/admin/websites/${site}/funnels`, {
      token: owner.token,
      body: { name: "Checkout", steps },
    });
    expect(created.status).toBe(200);
    expect(created.data[0]).toMatchObject({ name: "Checkout", websiteId: site, steps });
    const id = created.data[0]?._id as string;
    expect(
      (await api("POST", `/admin/websites/${site}/funnels`, { token: owner.token, body: { name: "checkout", steps } }))
        .status,
    ).toBe(409);
    const renamed = await api("PUT", `/admin/websites/${site}/funnels/${id}`, {
      token: owner.token,
      body: { name: "Checkout v2" },
    });
    expect(renamed.data[0]?.name).toBe("Checkout v2");
    expect((await api("DELETE", `/admin/websites/${site}/funnels/${id}`, { token: owner.token })).body).toEqual({
      status: "success",
      data: [{ deleted: true }],
    });
    expect((await api("GET", `/admin/websites/${site}/funnels`, { token: owner.token })).data).toEqual([]);
    expect((await (await db()).funnel.findUniqueOrThrow({ where: { id } })).deletedAt).toBeInstanceOf(Date);
    expect((await api("DELETE", `/admin/websites/${site}/funnels/${id}`, { token: owner.token })).status).toBe(404);
    expect(
      (
        await api("POST", `/admin/websites/${site}/funnels`, {
          token: owner.token,
          body: { name: "Checkout v2", steps },
        })
      ).status,
    ).toBe(200);
  });

  it("names are compared case-insensitively as text, not as LIKE patterns: \\, % and _ are ordinary characters", async () => {
    const owner = await newUser("funnel-names");
    const site = await newWebsite(owner);
    const create = (name: string) =>
      api("POST", `/admin/websites/${site}/funnels`, { token: owner.token, body: { name, steps } });
    const backslash = await create("\\");
    expect(backslash.status, backslash.text).toBe(200);
    expect((await create("%")).status).toBe(200);
    expect((await create("a_b")).status).toBe(200);
    expect((await create("axb")).status).toBe(200); // "a_b" as a pattern would have matched it
    expect((await create("x")).status).toBe(200); // "%" as a pattern would have matched it
    expect((await create("A_B")).status).toBe(409);
    expect((await create("\\")).status).toBe(409);
  });

  it("2 to 8 steps, each with what its type needs; df_ keys of the website may write, viewers may not", async () => {
    const owner = await newUser("funnel-rules");
    const viewer = await newUser("funnel-viewer");
    const site = await newWebsite(owner);
    await addMember(site, viewer, "viewer");
    const path = `/admin/websites/${site}/funnels`;
    for (const bad of [
      { name: "One", steps: steps.slice(0, 1) },
      { name: "Nine", steps: Array.from({ length: 9 }, (_, i) => ({ name: `s${i}`, type: "pageview", url: "/" })) },
      { name: "No url", steps: [{ name: "a", type: "pageview" }, steps[1]] },
      { name: "No goal", steps: [steps[0], { name: "b", type: "goal" }] },
      { name: "Bad type", steps: [steps[0], { name: "b", type: "click", url: "/" }] },
    ]) {
      expect((await api("POST", path, { token: owner.token, body: bad })).status, bad.name).toBe(400);
    }
    const { key } = await newApiKey(owner, site);
    expect((await api("POST", path, { token: key, body: { name: "By key", steps } })).status).toBe(200);
    expect((await api("POST", path, { token: viewer.token, body: { name: "By viewer", steps } })).status).toBe(403);
    expect((await api("GET", path, { token: viewer.token })).data.map((f) => f.name)).toEqual(["By key"]);
  });
});

describe("alerts", () => {
  const alert = {
    name: "New signup",
    trigger: { goalName: "signup" },
    template: { message: "Someone signed up!", subject: "Signup" },
  };

  it("create, list, update, delete; message length bounds; name at most 100", async () => {
    const owner = await newUser("alerts");
    const site = await newWebsite(owner);
    const path = `/admin/websites/${site}/alerts`;
    const created = await api("POST", path, { token: owner.token, body: alert });
    expect(created.data[0]).toMatchObject({ ...alert, isEnabled: true, websiteId: site });
    const id = created.data[0]?._id as string;
    const off = await api("PUT", `${path}/${id}`, { token: owner.token, body: { isEnabled: false } });
    expect(off.data[0]).toMatchObject({ isEnabled: false, name: "New signup" });
    for (const bad of [
      { ...alert, template: { message: "too short" } },
      { ...alert, template: { message: "x".repeat(2001) } },
      { ...alert, name: "x".repeat(101) },
      { ...alert, trigger: {} },
    ]) {
      expect((await api("POST", path, { token: owner.token, body: bad })).status).toBe(400);
    }
    expect((await api("DELETE", `${path}/${id}`, { token: owner.token })).body.data).toEqual([{ deleted: true }]);
    expect((await api("GET", path, { token: owner.token })).data).toEqual([]);
  });

  it("at most 25 alerts per website, exactly, under 30 parallel creates", async () => {
    const owner = await newUser("alert-limit");
    const site = await newWebsite(owner);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api("POST", `/admin/websites/${site}/alerts`, { token: owner.token, body: { ...alert, name: `a${i}` } }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(25);
    expect(responses.find((r) => r.status === 400)?.body.error.message).toBe(
      "Alert limit reached (max 25 per website)",
    );
    expect(await (await db()).alert.count({ where: { websiteId: site } })).toBe(25);
  });
});
