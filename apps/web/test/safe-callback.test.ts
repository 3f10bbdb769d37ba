// Where a freshly signed-in user may be sent: only a path on Keygate itself, whatever the encoding.
import { describe, expect, it } from "vitest";
import { safeCallback } from "../src/lib/safe-callback";

describe("safeCallback — no open redirect after sign-in or sign-up", () => {
  const offsite = [
    "/\\evil.example/x",
    "/\t/evil.example",
    "/\\\\evil.example",
    "//evil.example",
    "/\n/evil.example",
    "\\/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example",
    "/%5Cevil.example",
    "",
  ];
  for (const value of offsite) {
    it(`refuses ${JSON.stringify(value)}`, () => {
      const target = safeCallback(value);
      expect(new URL(target, "https://keygate.example").origin).toBe("https://keygate.example");
      expect(target.startsWith("/") && !target.startsWith("//") && !target.startsWith("/\\")).toBe(true);
    });
  }

  it("keeps a same-site path with its query and fragment, and defaults to /websites", () => {
    expect(safeCallback("/websites/abc/developer?tab=keys#new")).toBe("/websites/abc/developer?tab=keys#new");
    expect(safeCallback("/invite/secret")).toBe("/invite/secret");
    expect(safeCallback(undefined)).toBe("/websites");
    expect(safeCallback("https://evil.example/websites")).toBe("/websites");
    expect(safeCallback("/\\evil.example/x")).toBe("/websites");
  });
});
