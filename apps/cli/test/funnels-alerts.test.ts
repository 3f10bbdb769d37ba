// funnels and alerts: create from flags (steps in the --step syntax), update, delete with --yes,
// and the API's limits surfacing as exit codes.
import { beforeAll, describe, expect, it } from "vitest";
import { newUser, newWebsite, type TestUser } from "../../web/test/helpers";
import { parseStep } from "../src/commands/funnels";
import { cli } from "./cli";

let owner: TestUser;
let site: string;
const as = (user: TestUser) => ({ env: { KEYGATE_TOKEN: user.token, KEYGATE_WEBSITE: site } });

beforeAll(async () => {
  owner = await newUser("cli-funnels");
  site = await newWebsite(owner, "cli-funnels");
});

describe("--step syntax", () => {
  it("reads [label=]pageview:/path and [label=]goal:name; a URL may contain =", () => {
    expect(parseStep("Pricing=pageview:/pricing")).toEqual({ name: "Pricing", type: "pageview", url: "/pricing" });
    expect(parseStep("goal:signup")).toEqual({ name: "signup", type: "goal", goalName: "signup" });
    expect(parseStep("pageview:/search?q=x")).toEqual({ name: "/search?q=x", type: "pageview", url: "/search?q=x" });
    expect(() => parseStep("click:/x")).toThrow(/expected/);
  });
});

describe("funnels", () => {
  it("create, list, update, delete (default website from KEYGATE_WEBSITE)", async () => {
    const created = await cli(
      [
        "funnels",
        "create",
        "--name",
        "Checkout",
        "--step",
        "Pricing=pageview:/pricing",
        "--step",
        "Paid=goal:payment",
        "--json",
      ],
      as(owner),
    );
    expect(created.code, created.stderr).toBe(0);
    const [funnel] = created.json();
    expect(funnel).toMatchObject({
      websiteId: site,
      name: "Checkout",
      steps: [
        { name: "Pricing", type: "pageview", url: "/pricing" },
        { name: "Paid", type: "goal", goalName: "payment" },
      ],
    });
    const table = await cli(["funnels", "list"], as(owner));
    expect(table.stdout).toContain("Pricing (/pricing) → Paid (goal:payment)");

    const duplicate = await cli(
      ["funnels", "create", "--name", "checkout", "--step", "pageview:/a", "--step", "pageview:/b"],
      as(owner),
    );
    expect(duplicate.code).toBe(6);

    const updated = await cli(["funnels", "update", site, funnel._id, "--name", "Checkout v2", "--json"], as(owner));
    expect(updated.json()[0]).toMatchObject({ _id: funnel._id, name: "Checkout v2" });
    expect((await cli(["funnels", "delete", site, funnel._id], as(owner))).code).toBe(2);
    const deleted = await cli(["funnels", "delete", site, funnel._id, "--yes", "--json"], as(owner));
    expect(deleted.json()).toEqual([{ deleted: true }]);
    expect((await cli(["funnels", "list", "--json"], as(owner))).json()).toEqual([]);
  });

  it("one step is refused locally with the contract's message; no step and no terminal: exit 2", async () => {
    const one = await cli(["funnels", "create", "--name", "Short", "--step", "pageview:/a"], as(owner));
    expect(one.code).toBe(2);
    expect(one.stderr).toContain("--steps: A funnel has at least 2 steps");
    const none = await cli(["funnels", "create", "--name", "None"], as(owner));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Missing --step");
  });
});

describe("alerts", () => {
  it("create, list, update (subject alone keeps the message), disable, delete", async () => {
    const created = await cli(
      ["alerts", "create", "--name", "New customer", "--goal", "payment", "--message", "Someone just paid!", "--json"],
      as(owner),
    );
    expect(created.code, created.stderr).toBe(0);
    const [alert] = created.json();
    expect(alert).toMatchObject({ name: "New customer", trigger: { goalName: "payment" }, isEnabled: true });

    const updated = await cli(
      ["alerts", "update", site, alert._id, "--subject", "Cha-ching", "--disabled", "--json"],
      as(owner),
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.json()[0]).toMatchObject({
      template: { message: "Someone just paid!", subject: "Cha-ching" },
      isEnabled: false,
    });
    const table = await cli(["alerts", "list"], as(owner));
    expect(table.stdout).toContain("New customer");
    const deleted = await cli(["alerts", "delete", site, alert._id, "--yes"], as(owner));
    expect(deleted.code).toBe(0);
    expect((await cli(["alerts", "list", "--json"], as(owner))).json()).toEqual([]);
  });

  it("a message under 10 characters is refused locally, naming --message", async () => {
    const result = await cli(["alerts", "create", "--name", "x", "--goal", "g", "--message", "short"], as(owner));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--message.message: Must be at least 10 characters");
  });

  it("--enabled and --disabled together are a usage error; missing flags without a terminal: exit 2", async () => {
    const both = await cli(
      ["alerts", "update", site, "665f0b3c4d2e1a0012345678", "--enabled", "--disabled"],
      as(owner),
    );
    expect(both.code).toBe(2);
    const missing = await cli(["alerts", "create", "--name", "x"], as(owner));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Missing --goal");
  });
});
