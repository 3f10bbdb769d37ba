import { describe, expect, it } from "vitest";
import { isObjectId, newObjectId } from "./ids";

describe("ObjectIds", () => {
  it("are 24 lowercase hex characters that start with the creation time in seconds", () => {
    const id = newObjectId(new Date("2026-05-21T00:00:00.000Z"));
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(id.slice(0, 8)).toBe((Date.UTC(2026, 4, 21) / 1000).toString(16));
    expect(new Set(Array.from({ length: 1000 }, () => newObjectId())).size).toBe(1000);
  });

  it("isObjectId accepts exactly that shape", () => {
    expect(isObjectId("665f0b3c4d2e1a0012345678")).toBe(true);
    for (const bad of [
      "665F0B3C4D2E1A0012345678",
      "665f0b3c4d2e1a001234567",
      "665f0b3c4d2e1a00123456789",
      "zz5f0b3c4d2e1a0012345678",
      42,
      null,
    ]) {
      expect(isObjectId(bad)).toBe(false);
    }
  });
});
