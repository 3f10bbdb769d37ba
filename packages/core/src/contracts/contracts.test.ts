import { describe, expect, it } from "vitest";
import { createAccessTokenBody } from "./access-tokens";
import { createApiKeyBody } from "./api-keys";
import { collectPayload } from "./collect";
import { windowQuery } from "./website-api";
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

describe("date bounds", () => {
  it("accept days and instants from 1900 to 9999-12-30, which Postgres can read once in UTC", () => {
    const valid = (startAt: string) => windowQuery.safeParse({ startAt }).success;
    for (const ok of ["1900-01-01", "2026-05-21", "2026-05-21T10:00:00Z", "2026-05-21T10:00+02:00", "9999-12-30"])
      expect(valid(ok), ok).toBe(true);
    for (const bad of [
      "0000-01-01T00:00:00+01:00",
      "1899-12-31",
      "9999-12-31",
      "9999-12-30T23:00:00-12:00",
      "2026-13-01",
    ])
      expect(valid(bad), bad).toBe(false);
  });
});

describe("collected events", () => {
  it("extraData may nest a few levels, not thousands", () => {
    const event = (extraData: unknown) =>
      collectPayload.safeParse({ websiteId: "dfid_x", type: "custom", href: "https://example.com/", extraData });
    expect(event({ eventName: "signup", plan: { tier: ["pro"] } }).success).toBe(true);
    const deep = JSON.parse(`${"[".repeat(5000)}${"]".repeat(5000)}`);
    expect(event({ eventName: "signup", x: deep }).success).toBe(false);
  });
});

describe("IP and CIDR validation", () => {
  it("accepts IPv4/IPv6 addresses and ranges, rejects the rest", async () => {
    const { isIpOrCidr } = await import("./websites");
    for (const ok of ["1.2.3.4", "10.0.0.0/8", "255.255.255.255/32", "::1", "2001:db8::/32", "fe80::1"])
      expect(isIpOrCidr(ok), ok).toBe(true);
    for (const bad of [
      "256.1.1.1",
      "1.2.3",
      "1.2.3.4/33",
      "1.2.3.4/",
      "2001:db8::/129",
      "example.com",
      "1.2.3.4/8/9",
      ":::",
    ]) {
      expect(isIpOrCidr(bad), bad).toBe(false);
    }
  });
});
