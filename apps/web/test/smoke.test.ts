import { describe, expect, it } from "vitest";
import { api, newUser, newWebsite } from "./helpers";

describe("smoke", () => {
  it("GET /admin/websites lists a website created over REST", async () => {
    const owner = await newUser("owner");
    const websiteId = await newWebsite(owner);
    const response = await api("GET", "/admin/websites", { token: owner.token });
    expect(response.status).toBe(200);
    expect(response.data.map((w) => w._id)).toEqual([websiteId]);
  });
});
