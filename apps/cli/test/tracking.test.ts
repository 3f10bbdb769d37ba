// The Website API's writes through the CLI: goals, payments, identify — websiteId in the query for
// account tokens, implied for df_ keys, and deletes that need --yes without a terminal.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { analyticsStore } from "../../web/src/server/analytics";
import { pageview } from "../../web/test/analytics-fixtures";
import { newApiKey, newUser, newWebsite, type TestUser } from "../../web/test/helpers";
import { cli } from "./cli";

let owner: TestUser;
let site: string;
let key: string;
const visitor = randomUUID();
const as = (token: string, website?: string) => ({
  env: { KEYGATE_TOKEN: token, ...(website ? { KEYGATE_WEBSITE: website } : {}) },
});

beforeAll(async () => {
  owner = await newUser("cli-writes");
  site = await newWebsite(owner, "cli-writes");
  key = (await newApiKey(owner, site)).key;
  await analyticsStore.ingestEvent(pageview({ websiteId: site, visitorId: visitor, at: new Date(Date.now() - 5000) }));
});

describe("goals", () => {
  it("create with metadata, list (= analytics goals), delete with --yes", async () => {
    const created = await cli(
      ["goals", "create", "--visitor", visitor, "--name", "Newsletter Signup", "--metadata", "source=footer", "--json"],
      as(owner.token, site),
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toEqual([{ message: "Custom event created successfully", eventId: expect.any(String) }]);
    const list = await cli(["goals", "list", "--json"], as(key));
    expect(list.json().data).toEqual([
      expect.objectContaining({ goal: "newsletter_signup", completions: 1, visitors: 1 }),
    ]);

    const refused = await cli(["goals", "delete", "--name", "newsletter_signup"], as(key));
    expect(refused.code).toBe(2);
    expect((await cli(["goals", "list", "--json"], as(key))).json().data).toHaveLength(1);
    const deleted = await cli(["goals", "delete", "--name", "newsletter_signup", "--yes", "--json"], as(key));
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.json()[0]).toMatchObject({ deleted: 1 });
    expect((await cli(["goals", "list", "--json"], as(key))).json().data).toEqual([]);
  });

  it("a reserved name or bad visitor id is refused locally; delete without any filter is exit 2", async () => {
    const reserved = await cli(["goals", "create", "--visitor", visitor, "--name", "payment"], as(key));
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain("--name: This goal name is reserved");
    const badVisitor = await cli(["goals", "create", "--visitor", "nope", "--name", "x"], as(key));
    expect(badVisitor.stderr).toContain("--visitor: Must be a visitor id");
    expect((await cli(["goals", "delete", "--yes"], as(key))).code).toBe(2);
    const unknownVisitor = await cli(["goals", "create", "--visitor", randomUUID(), "--name", "x"], as(key));
    expect(unknownVisitor.code).toBe(5);
  });
});

describe("payments and identify", () => {
  it("payments create prints the bare reply; the same transaction twice records nothing; delete --yes", async () => {
    const args = ["payments", "create", "--amount", "29.99", "--currency", "usd", "--transaction-id", "ch_cli_1"];
    const first = await cli([...args, "--visitor", visitor, "--json"], as(owner.token, site));
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toEqual({ message: expect.any(String), transaction_id: "ch_cli_1" });
    await cli([...args, "--visitor", visitor], as(key));
    const overview = await cli(["analytics", "overview", "--json"], as(key));
    expect(overview.json()[0]).toMatchObject({ revenue: 29.99, payments: 1 });

    expect((await cli(["payments", "delete", "--transaction-id", "ch_cli_1"], as(key))).code).toBe(2);
    const deleted = await cli(["payments", "delete", "--transaction-id", "ch_cli_1", "--yes", "--json"], as(key));
    expect(deleted.code, deleted.stderr).toBe(0);
    expect((await cli(["analytics", "overview", "--json"], as(key))).json()[0]).toMatchObject({ revenue: 0 });
    expect((await cli(["payments", "delete", "--transaction-id", "ch_cli_1", "--yes"], as(key))).code).toBe(5);
  });

  it("a required flag left out is a usage error from the parser", async () => {
    const result = await cli(["payments", "create", "--amount", "1"], as(key));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error: required option '--currency <code>' not specified/);
  });

  it("identify merges --property values into the profile", async () => {
    const result = await cli(
      ["identify", "--user-id", "user_42", "--visitor", visitor, "--property", "plan=pro", "--json"],
      as(owner.token, site),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.json()).toMatchObject({
      message: "User profile created successfully",
      profileId: expect.any(String),
    });
    const got = await cli(["visitors", "get", visitor, "--json"], as(key));
    expect(JSON.stringify(got.json())).toContain("user_42");
  });
});
