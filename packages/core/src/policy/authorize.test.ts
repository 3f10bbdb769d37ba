// The policy engine against a table written by hand: roles × permissions × principal kinds.
import { describe, expect, it } from "vitest";
import { ACTIONS } from "./actions";
import { type Access, authorize, DENIAL, type Decision, effectivePermissions } from "./authorize";
import { grantsBeyondCaller, keyPermissionsBeyondCaller, keyPermissionsHeld, websitesBeyondCaller } from "./grants";
import { PERMISSIONS, type Permission, type Role } from "./permissions";
import { ANONYMOUS, type Caller, type Principal } from "./principal";

const SITE = "aaaaaaaaaaaaaaaaaaaaaaaa";
const OTHER = "bbbbbbbbbbbbbbbbbbbbbbbb";
const USER = "cccccccccccccccccccccccc";

// What each role may do on a website, and what a website key (df_) may do on its own website.
// Y = allowed, . = denied. Written out by hand; the code under test is never asked.
const TABLE: Record<Permission, { owner: string; member: string; viewer: string; websiteKey: string }> = {
  "analytics:read": { owner: "Y", member: "Y", viewer: "Y", websiteKey: "Y" },
  "goals:read": { owner: "Y", member: "Y", viewer: "Y", websiteKey: "Y" },
  "goals:write": { owner: "Y", member: "Y", viewer: ".", websiteKey: "Y" },
  "payments:read": { owner: "Y", member: "Y", viewer: "Y", websiteKey: "Y" },
  "payments:write": { owner: "Y", member: "Y", viewer: ".", websiteKey: "Y" },
  "identify:write": { owner: "Y", member: "Y", viewer: ".", websiteKey: "Y" },
  "websites:read": { owner: "Y", member: "Y", viewer: "Y", websiteKey: "." },
  "websites:write": { owner: "Y", member: ".", viewer: ".", websiteKey: "." },
  "settings:read": { owner: "Y", member: "Y", viewer: "Y", websiteKey: "Y" },
  "settings:write": { owner: "Y", member: "Y", viewer: ".", websiteKey: "Y" },
  "funnels:read": { owner: "Y", member: "Y", viewer: "Y", websiteKey: "Y" },
  "funnels:write": { owner: "Y", member: "Y", viewer: ".", websiteKey: "Y" },
  "alerts:read": { owner: "Y", member: "Y", viewer: "Y", websiteKey: "Y" },
  "alerts:write": { owner: "Y", member: "Y", viewer: ".", websiteKey: "Y" },
  "team:read": { owner: "Y", member: "Y", viewer: "Y", websiteKey: "Y" },
  "team:write": { owner: "Y", member: ".", viewer: ".", websiteKey: "." },
  "api-keys:read": { owner: "Y", member: "Y", viewer: "Y", websiteKey: "Y" },
  "api-keys:write": { owner: "Y", member: "Y", viewer: ".", websiteKey: "Y" },
};
const ROLES: Role[] = ["owner", "member", "viewer"];

const session: Principal = { kind: "session", userId: USER };
const token = (permissions: string[], websiteIds: string[] = []): Principal => ({
  kind: "accessToken",
  userId: USER,
  tokenId: "dddddddddddddddddddddddd",
  permissions,
  websiteIds,
});
const websiteKey = (websiteId = SITE): Principal => ({ kind: "apiKey", keyId: "eeeeeeeeeeeeeeeeeeeeeeee", websiteId });
const onSite = (permission: Permission): Access => ({ scope: "website", permission });

describe("authorize — website routes, every role × permission × principal kind", () => {
  it("the table covers every permission", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...PERMISSIONS].sort());
  });

  let cells = 0;
  for (const permission of PERMISSIONS) {
    for (const role of ROLES) {
      const expected = TABLE[permission][role] === "Y";
      it(`${role}: ${permission} is ${expected ? "allowed" : "denied"} for a session, a * token and a token holding just it`, () => {
        for (const principal of [session, token(["*"]), token([permission]), token(["*"], [SITE, OTHER])]) {
          const decision = authorize({ principal, access: onSite(permission), websiteId: SITE, role });
          expect(decision.allowed, `${principal.kind} ${JSON.stringify(principal)}`).toBe(expected);
          if (!decision.allowed)
            expect(decision).toEqual({ allowed: false, status: 403, message: DENIAL.missing(permission) });
          cells++;
        }
      });
    }
    const keyAllowed = TABLE[permission].websiteKey === "Y";
    it(`df_ key: ${permission} is ${keyAllowed ? "allowed" : "denied"} on its own website and denied on another`, () => {
      expect(authorize({ principal: websiteKey(), access: onSite(permission), websiteId: SITE }).allowed).toBe(
        keyAllowed,
      );
      expect(authorize({ principal: websiteKey(), access: onSite(permission), websiteId: OTHER })).toEqual({
        allowed: false,
        status: 403,
        message: DENIAL.noWebsiteAccess,
      });
      cells += 2;
    });
    it(`${permission}: a non-member, a token without it, and a token scoped elsewhere are all denied`, () => {
      for (const principal of [session, token(["*"])]) {
        expect(authorize({ principal, access: onSite(permission), websiteId: SITE, role: null })).toEqual({
          allowed: false,
          status: 403,
          message: DENIAL.noWebsiteAccess,
        });
      }
      const others = PERMISSIONS.filter((p) => p !== permission);
      expect(
        authorize({ principal: token(others), access: onSite(permission), websiteId: SITE, role: "owner" }).allowed,
      ).toBe(false);
      expect(
        authorize({ principal: token(["*"], [OTHER]), access: onSite(permission), websiteId: SITE, role: "owner" }),
      ).toEqual({
        allowed: false,
        status: 403,
        message: DENIAL.noWebsiteAccess,
      });
      cells += 4;
    });
  }

  it("covered every cell", () => {
    expect(cells).toBe(PERMISSIONS.length * (ROLES.length * 4 + 2 + 4));
  });
});

describe("authorize — owner-only and account routes", () => {
  const teamWrite: Access = { scope: "website", permission: "team:write", ownerOnly: true };

  it("owner-only routes need the owner role and team:write; df_ keys never pass", () => {
    expect(authorize({ principal: session, access: teamWrite, websiteId: SITE, role: "owner" }).allowed).toBe(true);
    expect(authorize({ principal: session, access: teamWrite, websiteId: SITE, role: "member" })).toEqual({
      allowed: false,
      status: 403,
      message: DENIAL.ownerOnly,
    });
    expect(
      authorize({ principal: token(["team:read"]), access: teamWrite, websiteId: SITE, role: "owner" }).allowed,
    ).toBe(false);
    expect(authorize({ principal: websiteKey(), access: teamWrite, websiteId: SITE }).allowed).toBe(false);
  });

  it("account routes: sessions pass, tokens need the permission, df_ keys only where websiteKeys is set", () => {
    const list: Access = { scope: "account", permission: "api-keys:read" };
    const profile: Access = { scope: "account", permission: null, websiteKeys: true };
    expect(authorize({ principal: session, access: list }).allowed).toBe(true);
    expect(authorize({ principal: token(["api-keys:read"]), access: list }).allowed).toBe(true);
    expect(authorize({ principal: token(["*"]), access: list }).allowed).toBe(true);
    expect(authorize({ principal: token(["websites:read"]), access: list })).toEqual({
      allowed: false,
      status: 403,
      message: DENIAL.missing("api-keys:read"),
    });
    expect(authorize({ principal: websiteKey(), access: list })).toEqual({
      allowed: false,
      status: 403,
      message: DENIAL.websiteKeyOnAccount,
    });
    expect(authorize({ principal: websiteKey(), access: profile }).allowed).toBe(true);
    expect(authorize({ principal: token([]), access: profile }).allowed).toBe(true);
  });
});

describe("effective permissions", () => {
  it("a token shrinks with its user's role at once: the same token, owner then viewer", () => {
    const principal = token(["*"]);
    expect(effectivePermissions(principal, SITE, "owner").has("api-keys:write")).toBe(true);
    expect(effectivePermissions(principal, SITE, "viewer").has("api-keys:write")).toBe(false);
    expect(effectivePermissions(principal, SITE, "viewer").has("api-keys:read")).toBe(true);
    expect(effectivePermissions(principal, SITE, null).size).toBe(0);
  });

  it("a token scoped to website A has nothing on website B, whatever its user's role there", () => {
    expect(effectivePermissions(token(["*"], [SITE]), OTHER, "owner").size).toBe(0);
  });
});

describe("what a caller may grant a new token", () => {
  it("sessions and * tokens may grant anything; others only what they hold, never *", () => {
    expect(grantsBeyondCaller(session, ["*", "team:write"])).toEqual([]);
    expect(grantsBeyondCaller(token(["*"]), ["*"])).toEqual([]);
    const narrow = token(["analytics:read", "websites:read"]);
    expect(grantsBeyondCaller(narrow, ["analytics:read"])).toEqual([]);
    expect(grantsBeyondCaller(narrow, ["*"])).toEqual(["*"]);
    expect(grantsBeyondCaller(narrow, ["analytics:read", "team:write"])).toEqual(["team:write"]);
    expect(grantsBeyondCaller(websiteKey(), ["analytics:read"])).toEqual(["analytics:read"]);
  });

  it("a token limited to some websites cannot widen the scope", () => {
    const scoped = token(["*"], [SITE]);
    expect(websitesBeyondCaller(scoped, [SITE])).toEqual([]);
    expect(websitesBeyondCaller(scoped, [])).toBe("all");
    expect(websitesBeyondCaller(scoped, [SITE, OTHER])).toEqual([OTHER]);
    expect(websitesBeyondCaller(token(["*"]), [OTHER])).toEqual([]);
    expect(websitesBeyondCaller(session, [])).toEqual([]);
  });
});

describe("authorize — members-only routes", () => {
  const auditLog: Access = { scope: "website", permission: "settings:read", membersOnly: true };
  it("owners, members and the website's own df_ key pass; viewers are refused with a clear reason", () => {
    expect(authorize({ principal: session, access: auditLog, websiteId: SITE, role: "owner" }).allowed).toBe(true);
    expect(authorize({ principal: session, access: auditLog, websiteId: SITE, role: "member" }).allowed).toBe(true);
    expect(authorize({ principal: websiteKey(), access: auditLog, websiteId: SITE }).allowed).toBe(true);
    expect(authorize({ principal: token(["*"]), access: auditLog, websiteId: SITE, role: "viewer" })).toEqual({
      allowed: false,
      status: 403,
      message: DENIAL.membersOnly,
    });
  });
});

describe("authorize — the public dashboard", () => {
  const overview: Access = { scope: "website", permission: "analytics:read", public: true };
  const plain: Access = { scope: "website", permission: "analytics:read" };
  const Y: Decision = { allowed: true };
  const no = (message: string, status: 401 | 403 = 403): Decision => ({ allowed: false, status, message });

  // Each caller against [public action, switch on], [public action, switch off], [plain action, switch on],
  // [plain action, switch off]. Written out by hand.
  const CASES: [string, Caller, Role | null, Decision[]][] = [
    ["anonymous visitor", ANONYMOUS, null, [Y, no(DENIAL.notPublic), no(DENIAL.signIn, 401), no(DENIAL.signIn, 401)]],
    [
      "signed-in non-member",
      session,
      null,
      [Y, no(DENIAL.noWebsiteAccess), no(DENIAL.noWebsiteAccess), no(DENIAL.noWebsiteAccess)],
    ],
    ["signed-in viewer", session, "viewer", [Y, Y, Y, Y]],
    [
      "token scoped to another website",
      token(["*"], [OTHER]),
      "owner",
      [Y, no(DENIAL.noWebsiteAccess), no(DENIAL.noWebsiteAccess), no(DENIAL.noWebsiteAccess)],
    ],
    [
      "token without analytics:read",
      token(["settings:read"]),
      "owner",
      [
        Y,
        no(DENIAL.missing("analytics:read")),
        no(DENIAL.missing("analytics:read")),
        no(DENIAL.missing("analytics:read")),
      ],
    ],
    [
      "df_ key of another website",
      websiteKey(OTHER),
      null,
      [Y, no(DENIAL.noWebsiteAccess), no(DENIAL.noWebsiteAccess), no(DENIAL.noWebsiteAccess)],
    ],
    ["df_ key of this website", websiteKey(), null, [Y, Y, Y, Y]],
  ];

  for (const [name, principal, role, expected] of CASES) {
    it(`${name}: public action on/off, plain action on/off`, () => {
      const decide = (access: Access, publicDashboard: boolean) =>
        authorize({ principal, access, websiteId: SITE, role, publicDashboard });
      expect([decide(overview, true), decide(overview, false), decide(plain, true), decide(plain, false)]).toEqual(
        expected,
      );
    });
  }

  it("the switch opens nothing else: owner-only and write actions stay closed to an anonymous visitor", () => {
    for (const access of [
      { scope: "website", permission: "team:write", ownerOnly: true },
      { scope: "website", permission: "settings:write" },
      { scope: "website", permission: "settings:read", membersOnly: true },
    ] satisfies Access[]) {
      expect(authorize({ principal: ANONYMOUS, access, websiteId: SITE, publicDashboard: true })).toEqual(
        no(DENIAL.signIn, 401),
      );
    }
  });

  it("an anonymous visitor has no account, and no permission anywhere", () => {
    expect(authorize({ principal: ANONYMOUS, access: { scope: "account", permission: null } })).toEqual(
      no(DENIAL.signIn, 401),
    );
    expect(effectivePermissions(ANONYMOUS, SITE, "owner").size).toBe(0);
  });

  it("the only public action in the table is the Overview read", () => {
    const publicActions = Object.entries(ACTIONS)
      .filter(([, access]) => "public" in access && access.public)
      .map(([action]) => action);
    expect(publicActions).toEqual(["analytics.overview"]);
    expect(ACTIONS["analytics.overview"].permission).toBe("analytics:read");
  });
});

describe("authorize — deleting a website", () => {
  it("owners only, with websites:write; members, viewers and df_ keys are refused", () => {
    const remove = ACTIONS["websites.delete"];
    expect(authorize({ principal: session, access: remove, websiteId: SITE, role: "owner" }).allowed).toBe(true);
    for (const role of ["member", "viewer"] as const) {
      expect(authorize({ principal: session, access: remove, websiteId: SITE, role })).toEqual({
        allowed: false,
        status: 403,
        message: DENIAL.ownerOnly,
      });
    }
    expect(authorize({ principal: websiteKey(), access: remove, websiteId: SITE }).allowed).toBe(false);
    expect(authorize({ principal: token(["settings:write"]), access: remove, websiteId: SITE, role: "owner" })).toEqual(
      { allowed: false, status: 403, message: DENIAL.missing("websites:write") },
    );
  });
});

describe("restricted website keys", () => {
  const restricted = (permissions: string[]): Principal => ({
    kind: "apiKey",
    keyId: "ffffffffffffffffffffffff",
    websiteId: SITE,
    permissions,
  });
  const websiteAccess = (permission: Permission): Access => ({ scope: "website", permission });

  it("hold only their subset, on their own website only; an empty subset is a full key", () => {
    const readOnly = restricted(["analytics:read"]);
    expect([...effectivePermissions(readOnly, SITE, null)]).toEqual(["analytics:read"]);
    expect(authorize({ principal: readOnly, access: websiteAccess("analytics:read"), websiteId: SITE }).allowed).toBe(
      true,
    );
    const write = authorize({ principal: readOnly, access: websiteAccess("api-keys:write"), websiteId: SITE });
    expect(write).toEqual({ allowed: false, status: 403, message: DENIAL.missing("api-keys:write") });
    expect(authorize({ principal: readOnly, access: websiteAccess("analytics:read"), websiteId: OTHER }).allowed).toBe(
      false,
    );
    expect(effectivePermissions(restricted([]), SITE, null)).toEqual(effectivePermissions(websiteKey(), SITE, null));
    // An account permission in the list gives nothing: website keys never hold one.
    expect([...effectivePermissions(restricted(["websites:write", "goals:write"]), SITE, null)]).toEqual([
      "goals:write",
    ]);
  });

  it("no caller makes or rolls a key that can do more than itself: restricted keys, narrow tokens, viewers", () => {
    const beyond = (caller: Principal, role: Role | null, permissions?: string[]) =>
      keyPermissionsBeyondCaller(caller, SITE, role, permissions ? { permissions } : {});
    const keys = restricted(["api-keys:read", "api-keys:write", "analytics:read"]);
    expect(beyond(keys, null, ["analytics:read"])).toEqual([]);
    expect(beyond(keys, null, ["goals:write", "analytics:read"])).toEqual(["goals:write"]);
    // A full key is more than a restricted one.
    expect(beyond(keys, null)).toContain("goals:write");
    expect(beyond(websiteKey(), null)).toEqual([]);
    // Members, owners and full tokens hold every website-key permission; a narrow token holds its own.
    expect(beyond(session, "member")).toEqual([]);
    expect(beyond(session, "owner")).toEqual([]);
    expect(beyond(token(["*"]), "member")).toEqual([]);
    expect(beyond(token(["api-keys:write"]), "owner")).toContain("settings:write");
    expect(beyond(token(["api-keys:write"]), "owner", ["api-keys:write"])).toEqual([]);
    expect(beyond(token(["*"]), "viewer")).toContain("api-keys:write");
    expect([...keyPermissionsHeld(token(["api-keys:write", "websites:read"]), SITE, "member")]).toEqual([
      "api-keys:write",
    ]);
  });
});

describe("signed actions (secret-scanning reports)", () => {
  it("are never allowed to a principal: only a verified signature opens them, outside the policy engine", () => {
    const access = ACTIONS["secretScanning.report"];
    for (const principal of [ANONYMOUS, session, token(["*"]), websiteKey()]) {
      for (const role of [null, ...ROLES]) {
        expect(authorize({ principal, access, websiteId: SITE, role })).toEqual({
          allowed: false,
          status: 401,
          message: DENIAL.signatureOnly,
        });
      }
    }
  });
});
