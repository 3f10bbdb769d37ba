// Leaked-key response: signed secret-scanning reports (GitHub's partner format) revoke our keys and
// tokens, audit it with the partner as actor, mail the owners, and show up for staff. Signed here with
// a local ECDSA P-256 key pair; nothing is fetched.
import { createHash, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_LEAK_REPORT_ITEMS } from "@keygate/core/contracts";
import { generateKey } from "@keygate/core/credentials";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { env } from "../src/env";
import { openApiDocument } from "../src/server/rest/openapi";
import { ROUTES } from "../src/server/rest/routes";
import { createCallerFactory } from "../src/server/trpc/init";
import { appRouter } from "../src/server/trpc/routers";
import { addMember, api, db, newApiKey, newUser, newWebsite, type TestUser } from "./helpers";
import { makeStaff } from "./two-factor-helpers";

const PATH = "/secret-scanning/reports";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function keyPair() {
  return generateKeyPairSync("ec", { namedCurve: "prime256v1" });
}

const partner = keyPair();
const PARTNER_ID = sha256("partner key 1");
/** A key the partner rotated away from: still trusted, not current. */
const previousPartner = keyPair();
const PREVIOUS_ID = sha256("partner key 0");

function publishedKeys(entries: { id: string; key: KeyObject; current: boolean }[]): string {
  return JSON.stringify({
    public_keys: entries.map(({ id, key, current }) => ({
      key_identifier: id,
      key: key.export({ type: "spki", format: "pem" }).toString(),
      is_current: current,
    })),
  });
}

const CONFIGURED = publishedKeys([
  { id: PARTNER_ID, key: partner.publicKey, current: true },
  { id: PREVIOUS_ID, key: previousPartner.publicKey, current: false },
]);

beforeEach(() => {
  env.SECRET_SCANNING_PUBLIC_KEYS = CONFIGURED;
});
afterEach(() => {
  env.SECRET_SCANNING_PUBLIC_KEYS = CONFIGURED;
});

interface Match {
  token: string;
  type: string;
  url?: string;
  source?: string;
}

/** Posts `raw` signed by `privateKey` (the partner's, by default) under `keyId`. */
async function report(
  raw: string | Buffer,
  {
    keyId = PARTNER_ID,
    privateKey = partner.privateKey,
    signature,
  }: { keyId?: string; privateKey?: KeyObject; signature?: string } = {},
) {
  const bytes = typeof raw === "string" ? Buffer.from(raw) : raw;
  const signed = signature ?? sign("sha256", bytes, privateKey).toString("base64");
  return api("POST", PATH, {
    rawBody: bytes as unknown as string,
    headers: { "Github-Public-Key-Identifier": keyId, "Github-Public-Key-Signature": signed },
  });
}

const reportOf = (matches: Match[]) => JSON.stringify(matches);
const match = (token: string, url = "https://github.com/octo/repo/blob/abc/.env"): Match => ({
  token,
  type: "keygate_api_key",
  url,
  source: "content",
});

/** Status of a REST call with the credential (200 while it works, 401 once revoked). */
async function statusWith(credential: string, websiteId: string): Promise<number> {
  return (await api("GET", `/admin/websites/${websiteId}/apikeys`, { token: credential })).status;
}

async function leakAudits(targetId: string) {
  return (await db()).auditEvent.findMany({
    where: { targetId, action: { in: ["api_key.leaked", "access_token.leaked"] } },
  });
}

const mailsTo = async (to: string) => (await db()).mailMessage.findMany({ where: { to } });

async function world() {
  const owner = await newUser("leak-owner");
  const coOwner = await newUser("leak-coowner");
  const member = await newUser("leak-member");
  const site = await newWebsite(owner, "leak");
  await addMember(site, coOwner, "owner");
  await addMember(site, member, "member");
  const key = await newApiKey(owner, site, "leaky");
  return { owner, coOwner, member, site, key };
}

const staffCaller = (userId: string) =>
  createCallerFactory(appRouter)({
    principal: { kind: "session", userId },
    origin: { ip: "127.0.0.1", userAgent: "leak-test" },
    requestOrigin: "http://keygate.test",
    ownOrigin: "http://keygate.test",
    requestId: "leak-test",
  });

describe("secret-scanning leak reports", () => {
  it("revoke a reported df_ key and dft_ token, label every match, audit, mail the owners and the token's user", async () => {
    const { owner, coOwner, member, site, key } = await world();
    const tokenUser: TestUser = await newUser("leak-token-user");
    const tokenSite = await newWebsite(tokenUser, "leak-token");
    const lookAlike = `${key.key.slice(0, -1)}${key.key.endsWith("a") ? "b" : "a"}`;
    const unknownButValid = generateKey("apiKey");
    // Both work before the report (and the key's principal may be cached).
    expect(await statusWith(key.key, site)).toBe(200);
    expect(await statusWith(tokenUser.token, tokenSite)).toBe(200);

    const matches = [
      match(key.key),
      { ...match(tokenUser.token), type: "keygate_access_token", source: "commit" },
      match(lookAlike),
      match(unknownButValid),
      match("not a key at all"),
    ];
    const answer = await report(reportOf(matches));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual(
      matches.map((m, index) => ({
        token_hash: sha256(m.token),
        token_type: m.type,
        label: index < 2 ? "true_positive" : "false_positive",
      })),
    );
    // The raw values never come back.
    expect(answer.text).not.toContain(key.key);

    expect(await statusWith(key.key, site)).toBe(401);
    expect(await statusWith(tokenUser.token, tokenSite)).toBe(401);
    // Other credentials of the same people keep working.
    expect(await statusWith(owner.token, site)).toBe(200);

    const [keyAudit, ...moreKeyAudits] = await leakAudits(key._id);
    expect(moreKeyAudits).toEqual([]);
    expect(keyAudit).toMatchObject({
      action: "api_key.leaked",
      actorType: "secretScanning",
      actorId: PARTNER_ID,
      userId: null,
      targetType: "apiKey",
      websiteId: site,
      metadata: {
        outcome: "revoked",
        url: "https://github.com/octo/repo/blob/abc/.env",
        source: "content",
        tokenType: "keygate_api_key",
      },
    });
    const prisma = await db();
    const token = await prisma.accessToken.findUniqueOrThrow({ where: { keyHash: sha256(tokenUser.token) } });
    expect(token.revokedAt).not.toBeNull();
    expect(
      (await leakAudits(token.id)).map((e) => [e.action, e.actorType, (e.metadata as { source: string }).source]),
    ).toEqual([["access_token.leaked", "secretScanning", "commit"]]);
    // Owners see it in the website's audit log.
    const log = await api("GET", `/admin/websites/${site}/audit-log?action=api_key.leaked`, { token: owner.token });
    expect(log.data.map((e) => e.action)).toEqual(["api_key.leaked"]);

    // Both owners are mailed; a member is not; the token's user is.
    for (const to of [owner.email, coOwner.email]) {
      const mails = await mailsTo(to);
      expect(mails.map((m) => m.subject)).toEqual(["Keygate: an API key of yours was found in public"]);
      expect(mails[0]?.text).toContain("revoked");
      expect(mails[0]?.text).toContain("https://github.com/octo/repo/blob/abc/.env");
      expect(mails[0]?.text).not.toContain(key.key);
    }
    expect(await mailsTo(member.email)).toEqual([]);
    expect((await mailsTo(tokenUser.email)).map((m) => m.subject)).toEqual([
      "Keygate: an account token of yours was found in public",
    ]);

    // Staff see both events in /admin; non-staff get NOT_FOUND.
    const staff = await newUser("leak-staff");
    await makeStaff(staff.id);
    const leaks = await staffCaller(staff.id).staff.leaks();
    const ours = leaks.filter((leak) => [key._id, token.id].includes(leak.credentialId));
    expect(ours.map((leak) => [leak.kind, leak.outcome, leak.reporter, leak.notifiedAt !== null]).sort()).toEqual([
      ["accessToken", "revoked", PARTNER_ID, true],
      ["apiKey", "revoked", PARTNER_ID, true],
    ]);
    await expect(staffCaller(owner.id).staff.leaks()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a report sent again, or twice at once, revokes once, audits once, mails once and queues one webhook of each", async () => {
    const { owner, site, key } = await world();
    // An endpoint on the website (written directly: only the queued deliveries matter here).
    await (await db()).webhookEndpoint.create({
      data: {
        id: "65a1b2c3d4e5f60718293a4b",
        websiteId: site,
        url: "https://hooks.example.com/k",
        secret: "x",
        events: [],
      },
    });
    const body = reportOf([match(key.key)]);
    const [first, second] = await Promise.all([report(body), report(body)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const replay = await report(body);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual([
      { token_hash: sha256(key.key), token_type: "keygate_api_key", label: "true_positive" },
    ]);
    expect(await leakAudits(key._id)).toHaveLength(1);
    expect(await mailsTo(owner.email)).toHaveLength(1);
    expect(await (await db()).leakedCredential.count({ where: { credentialId: key._id } })).toBe(1);
    expect(await statusWith(key.key, site)).toBe(401);
    const queued = await (await db()).webhookDelivery.findMany({
      where: { endpointId: "65a1b2c3d4e5f60718293a4b" },
      select: { event: true },
    });
    expect(queued.map((delivery) => delivery.event).sort()).toEqual(["api_key.leaked", "api_key.revoked"]);
    // Reported again after a manual revoke elsewhere: still only the first event.
    expect((await report(reportOf([match(key.key, "https://example.com/other")]))).status).toBe(200);
    expect(await leakAudits(key._id)).toHaveLength(1);
  });

  it("an already revoked key is a true positive, recorded once, with nothing more to revoke", async () => {
    const { owner, site, key } = await world();
    await api("DELETE", `/admin/websites/${site}/apikeys/${key._id}`, { token: owner.token });
    const answer = await report(reportOf([match(key.key)]));
    expect(answer.body[0].label).toBe("true_positive");
    const audits = await leakAudits(key._id);
    expect(audits.map((audit) => (audit.metadata as { outcome: string }).outcome)).toEqual(["already_revoked"]);
    expect((await mailsTo(owner.email))[0]?.text).toContain("had already stopped working");
  });

  it("the old value of a rolled key still in its grace period: that value ends, the new one keeps working", async () => {
    const { owner, site, key } = await world();
    const rolled = await api("PUT", `/admin/websites/${site}/apikeys/${key._id}`, {
      token: owner.token,
      body: { expireOldKeyInMinutes: 60 },
    });
    const newValue = (rolled.data[0] as { key: string }).key;
    expect(await statusWith(key.key, site)).toBe(200);
    expect(await statusWith(newValue, site)).toBe(200);

    const answer = await report(reportOf([match(key.key)]));
    expect(answer.body[0].label).toBe("true_positive");
    expect(await statusWith(key.key, site)).toBe(401);
    expect(await statusWith(newValue, site)).toBe(200);
    const [audit] = await leakAudits(key._id);
    expect(audit?.metadata).toMatchObject({ outcome: "grace_ended", value: "previous" });
    expect((await mailsTo(owner.email))[0]?.text).toContain("current value was not reported");

    // Reporting the new value then revokes the key.
    expect((await report(reportOf([match(newValue)]))).body[0].label).toBe("true_positive");
    expect(await statusWith(newValue, site)).toBe(401);
  });

  it("refuses a wrong signature, an unknown key, a tampered body or missing headers (401) and revokes nothing", async () => {
    const { site, key } = await world();
    const body = reportOf([match(key.key)]);
    const stranger = keyPair();
    const goodSignature = sign("sha256", Buffer.from(body), partner.privateKey).toString("base64");
    const tampered = Buffer.from(body);
    tampered[tampered.length - 3] = (tampered[tampered.length - 3] as number) ^ 1; // one byte of the url
    const refusals = [
      await report(body, { privateKey: stranger.privateKey }),
      await report(body, { keyId: sha256("unknown"), privateKey: partner.privateKey }),
      // Signed by the rotated-away key, but named as the current one.
      await report(body, { privateKey: previousPartner.privateKey }),
      await report(tampered, { signature: goodSignature }),
      await report(`${body} `, { signature: goodSignature }),
      await report(body, { signature: "" }),
      await report(body, { signature: "not base64 !!" }),
      await report(body, { signature: Buffer.from("short").toString("base64") }),
      await report(body, { signature: "A".repeat(5000) }),
      await api("POST", PATH, { rawBody: body }),
      await api("POST", PATH, { rawBody: body, headers: { "Github-Public-Key-Signature": goodSignature } }),
      // A bearer credential is no substitute for a signature.
      await api("POST", PATH, { rawBody: body, token: key.key }),
    ];
    for (const refusal of refusals) {
      expect(refusal.status, refusal.text).toBe(401);
      expect(refusal.body).toMatchObject({ status: "error", error: { code: 401 } });
    }
    expect(await statusWith(key.key, site)).toBe(200);
    expect(await leakAudits(key._id)).toEqual([]);
    expect(await (await db()).leakedCredential.count({ where: { credentialId: key._id } })).toBe(0);
    // The rotated-away key still verifies under its own identifier.
    expect((await report(body, { keyId: PREVIOUS_ID, privateKey: previousPartner.privateKey })).status).toBe(200);
    expect(await statusWith(key.key, site)).toBe(401);
  });

  it("answers malformed signed input with 400, never a 500, and revokes nothing", async () => {
    const { site, key } = await world();
    const item = match(key.key);
    const bodies: (string | Buffer)[] = [
      "",
      "{",
      "null",
      JSON.stringify(item),
      "[]",
      JSON.stringify([{ ...item, token: 5 }]),
      JSON.stringify([{ type: "x" }]),
      JSON.stringify([{ ...item, type: "" }]),
      JSON.stringify([{ ...item, url: "x".repeat(3000) }]),
      JSON.stringify([{ ...item, url: "https://a\u0000b" }]),
      JSON.stringify([{ ...item, source: "\ud800" }]),
      JSON.stringify(Array.from({ length: MAX_LEAK_REPORT_ITEMS + 1 }, () => ({ token: "x", type: "t" }))),
      Buffer.concat([Buffer.from('[{"token":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","type":"t"}]')]),
    ];
    for (const body of bodies) {
      const answer = await report(body);
      expect(answer.status, `${String(body).slice(0, 60)} → ${answer.text}`).toBe(400);
      expect(answer.body.status).toBe("error");
    }
    expect(await statusWith(key.key, site)).toBe(200);
    expect(await leakAudits(key._id)).toEqual([]);
  });

  it("is a 404 while no keys are configured, reads them from a file, and a broken setting is a 503", async () => {
    const { site, key } = await world();
    const body = reportOf([match(key.key)]);
    env.SECRET_SCANNING_PUBLIC_KEYS = undefined;
    const off = await report(body);
    expect(off.status).toBe(404);
    expect(off.body.error.message).toMatch(/not enabled/);
    env.SECRET_SCANNING_PUBLIC_KEYS = "/nonexistent/keys.json";
    expect((await report(body)).status).toBe(503);
    env.SECRET_SCANNING_PUBLIC_KEYS = '{"public_keys": []}';
    expect((await report(body)).status).toBe(503);
    expect(await statusWith(key.key, site)).toBe(200);

    const file = join(mkdtempSync(join(tmpdir(), "keygate-leak-")), "public_keys.json");
    writeFileSync(file, CONFIGURED);
    env.SECRET_SCANNING_PUBLIC_KEYS = file;
    expect((await report(body)).status).toBe(200);
    expect(await statusWith(key.key, site)).toBe(401);
  });

  it("is in the route table and the OpenAPI document, with the signature headers as its security", () => {
    const route = ROUTES.find((r) => r.path === PATH);
    expect(route?.access).toEqual({ scope: "signature", permission: null, signedBy: "secret-scanning" });
    const document = openApiDocument(ROUTES) as unknown as {
      paths: Record<string, Record<string, { security: unknown; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { in?: string; name?: string }> };
    };
    const operation = document.paths[`/api/v1${PATH}`]?.post;
    expect(operation?.security).toEqual([{ secretScanningKeyIdentifier: [], secretScanningSignature: [] }]);
    expect(document.components.securitySchemes.secretScanningSignature).toMatchObject({
      in: "header",
      name: "Github-Public-Key-Signature",
    });
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(
      ["200", "400", "401", "404", "405", "413", "500", "503", "504"].sort(),
    );
  });

  it("a notification that cannot be sent makes the answer a 503 after revoking; the retry mails once", async () => {
    const { owner, site, key } = await world();
    const body = reportOf([match(key.key)]);
    const smtp = env.SMTP_URL;
    env.SMTP_URL = "smtp://127.0.0.1:1";
    try {
      const failed = await report(body);
      expect(failed.status).toBe(503);
    } finally {
      env.SMTP_URL = smtp;
    }
    expect(await statusWith(key.key, site)).toBe(401);
    expect(await mailsTo(owner.email)).toEqual([]);
    expect((await report(body)).status).toBe(200);
    expect(await report(body).then((r) => r.status)).toBe(200);
    expect(await mailsTo(owner.email)).toHaveLength(1);
    expect(await leakAudits(key._id)).toHaveLength(1);
  });
});
