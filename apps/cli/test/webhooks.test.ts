// websites webhooks: create (secret once, --quiet), list, test, deliveries, delete with --yes, and the
// API's refusal of an internal target surfacing as a usage error.
import { beforeAll, describe, expect, it } from "vitest";
import { newUser, newWebsite, type TestUser } from "../../web/test/helpers";
import { cli } from "./cli";

let owner: TestUser;
let site: string;
const as = (user: TestUser) => ({ env: { KEYGATE_TOKEN: user.token, KEYGATE_WEBSITE: site } });
/** A public address literal: accepted without DNS; nothing here waits for its deliveries. */
const URL = "https://203.0.113.10/keygate-cli";

beforeAll(async () => {
  owner = await newUser("cli-webhooks");
  site = await newWebsite(owner, "cli-webhooks");
});

describe("websites webhooks", () => {
  it("create shows the secret once; list, test, deliveries and delete work from flags", async () => {
    const quiet = await cli(["websites", "webhooks", "create", "--url", URL, "--quiet"], as(owner));
    expect(quiet.code).toBe(0);
    expect(quiet.stdout.trim()).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    const created = await cli(
      ["websites", "webhooks", "create", "--url", URL, "--events", "api_key.revoked,team.member_removed", "--json"],
      as(owner),
    );
    expect(created.code).toBe(0);
    const [webhook] = created.json();
    expect(webhook).toMatchObject({ url: URL, events: ["api_key.revoked", "team.member_removed"] });
    expect(webhook.secret).toMatch(/^whsec_/);

    const list = await cli(["websites", "webhooks", "list"], as(owner));
    expect(list.stdout).toContain("api_key.revoked,team.member_removed");
    expect(list.stdout).not.toContain("whsec_");

    const test = await cli(["websites", "webhooks", "test", site, webhook._id, "--json"], as(owner));
    expect(test.code).toBe(0);
    expect(test.json()[0]).toMatchObject({ event: "ping", webhookId: webhook._id });
    const deliveries = await cli(["websites", "webhooks", "deliveries", site, webhook._id, "--json"], as(owner));
    expect(deliveries.json().map((d: { event: string }) => d.event)).toEqual(["ping"]);

    const refused = await cli(["websites", "webhooks", "delete", site, webhook._id], as(owner));
    expect(refused.code).toBe(2);
    const deleted = await cli(["websites", "webhooks", "delete", site, webhook._id, "--yes"], as(owner));
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Deleted webhook ${webhook._id}`);
  });

  it("an internal target is refused by the API (exit 2); a bad event name is refused locally (exit 2)", async () => {
    const internal = await cli(["websites", "webhooks", "create", "--url", "http://169.254.169.254/"], as(owner));
    expect(internal.code).toBe(2);
    expect(internal.stderr).toMatch(/public address/);
    const badEvent = await cli(["websites", "webhooks", "create", "--url", URL, "--events", "nope"], as(owner));
    expect(badEvent.code).toBe(2);
  });
});
