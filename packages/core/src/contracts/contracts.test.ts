import { describe, expect, it } from "vitest";
import { createAccessTokenBody } from "./access-tokens";
import { createApiKeyBody } from "./api-keys";
import { createWebsiteBody, updateWebsiteBody } from "./websites";

describe("contracts", () => {
  it("token bodies default to * on all websites and reject unknown permissions and fields", () => {
    expect(createAccessTokenBody.parse({})).toEqual({ permissions: ["*"], websiteIds: [] });
    expect(createAccessTokenBody.safeParse({ permissions: ["root"] }).success).toBe(false);
    expect(createAccessTokenBody.safeParse({ permissions: [] }).success).toBe(false);
    expect(createAccessTokenBody.safeParse({ websiteIds: ["nope"] }).success).toBe(false);
    expect(createAccessTokenBody.safeParse({ extra: 1 }).success).toBe(false);
  });

  it("website domains are normalised to a bare lowercase hostname; time zones must be IANA", () => {
    expect(
      createWebsiteBody.parse({ domain: " https://Shop.Example.COM/path?x=1 ", timezone: "Europe/Paris" }).domain,
    ).toBe("shop.example.com");
    expect(createWebsiteBody.safeParse({ domain: "localhost", timezone: "UTC" }).success).toBe(false);
    expect(createWebsiteBody.safeParse({ domain: "example.com", timezone: "Europe/Atlantis" }).success).toBe(false);
    expect(updateWebsiteBody.safeParse({}).success).toBe(false);
    expect(updateWebsiteBody.safeParse({ currency: "eur" }).success).toBe(false);
    expect(updateWebsiteBody.parse({ currency: "EUR" })).toEqual({ currency: "EUR" });
  });

  it("key names are trimmed, at most 100 characters, and optional", () => {
    expect(createApiKeyBody.parse({})).toEqual({});
    expect(createApiKeyBody.parse({ name: "  Prod  " })).toEqual({ name: "Prod" });
    expect(createApiKeyBody.safeParse({ name: "x".repeat(101) }).success).toBe(false);
  });
});
