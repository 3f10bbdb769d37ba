// /api/mcp through the MCP SDK's own client: an agent holding a token can do exactly what the token
// allows — the same pipeline and policy engine as REST — and credential or team changes need confirm.
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { analyticsStore } from "../src/server/analytics";
import { db } from "../src/server/db";
import { ROUTES } from "../src/server/rest/routes";
import { pageview } from "./analytics-fixtures";
import { api, baseUrl, newApiKey, newUser, newWebsite, type TestUser, tokenFor } from "./helpers";

/**
 * Every route an agent's credential can call: all but the signed ones (secret-scanning reports) and
 * streamed files (the export, a download rather than an answer).
 */
const CREDENTIAL_ROUTES = ROUTES.filter((route) => route.access.scope !== "signature" && route.reply !== "stream");

let owner: TestUser;
let site: string;
let otherSite: string;
const clients: Client[] = [];

async function connect(credential: string): Promise<Client> {
  const client = new Client({ name: "keygate-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${baseUrl}/api/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${credential}` } },
    }),
  );
  clients.push(client);
  return client;
}

interface Reply {
  isError?: boolean;
  structuredContent?: { status: string; data?: unknown; error?: { code: number; message: string } };
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Reply> {
  return (await client.callTool({ name, arguments: args })) as Reply;
}

const sha256 = (raw: string) => createHash("sha256").update(raw).digest("hex");

beforeAll(async () => {
  owner = await newUser("mcp");
  site = await newWebsite(owner, "mcp");
  otherSite = await newWebsite(owner, "mcp-other");
  await analyticsStore.ingestEvent(pageview({ websiteId: site, visitorId: randomUUID(), at: new Date() }));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
});

describe("/api/mcp", () => {
  it("refuses a request without a credential with 401 in the envelope", async () => {
    const response = await fetch(`${baseUrl}/api/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect((await response.json()).error.code).toBe(401);
  });

  it("lists one tool per REST route, with JSON schemas from the contracts and confirm on guarded tools", async () => {
    const client = await connect(owner.token);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(CREDENTIAL_ROUTES.length);
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get("analytics_overview")?.inputSchema.properties).toHaveProperty("filter_country");
    expect(byName.get("analytics_overview")?.annotations?.readOnlyHint).toBe(true);
    expect(byName.get("create_api_key")?.inputSchema.required).toEqual(
      expect.arrayContaining(["websiteId", "confirm"]),
    );
    for (const guarded of [
      "create_api_key",
      "roll_api_key",
      "delete_api_key",
      "create_access_token",
      "delete_access_token",
      "invite_team_member",
      "remove_team_member",
      "change_team_role",
      "erase_visitor",
    ]) {
      expect(byName.get(guarded)?.inputSchema.properties, guarded).toHaveProperty("confirm");
    }
    expect(byName.get("create_funnel")?.inputSchema.properties).not.toHaveProperty("confirm");
    expect(byName.get("create_funnel")?.description).toContain("funnels:write");
  });

  it("reads with a token as REST does, and says why when refused", async () => {
    const client = await connect(owner.token);
    const overview = await call(client, "analytics_overview", { websiteId: site, fields: "visitors" });
    expect(overview.structuredContent).toEqual({ status: "success", data: [{ visitors: 1 }] });
    const missing = await call(client, "analytics_overview", {});
    expect(missing.isError).toBe(true);
    expect(missing.structuredContent?.error?.code).toBe(400);
    expect(missing.structuredContent?.error?.message).toContain("websiteId");
    const unknown = await call(client, "no_such_tool");
    expect(unknown.isError).toBe(true);
  });

  it("a read-only token is refused on every write tool, and nothing is created", async () => {
    const readOnly = await tokenFor(owner.id, ["analytics:read", "websites:read", "settings:read"], [site]);
    const client = await connect(readOnly);
    const { tools } = await client.listTools();
    const writes = tools.filter((tool) => !tool.annotations?.readOnlyHint && tool.name !== "update_account");
    expect(writes.length).toBeGreaterThan(20);
    const pgClient = new pg.Client({ connectionString: inject("databaseUrl") });
    await pgClient.connect();
    const count = async () =>
      (
        await pgClient.query<{ n: string }>(`
          SELECT (SELECT count(*) FROM "Website") + (SELECT count(*) FROM "WebsiteApiKey") + (SELECT count(*) FROM "AccessToken" WHERE "revokedAt" IS NULL)
               + (SELECT count(*) FROM "Funnel") + (SELECT count(*) FROM "Alert") + (SELECT count(*) FROM "Invitation")
               + (SELECT count(*) FROM "AnalyticsEvent") + (SELECT count(*) FROM "AnalyticsPayment") + (SELECT count(*) FROM "AnalyticsProfile") AS n`)
      ).rows[0]?.n;
    const before = await count();
    const refused: string[] = [];
    for (const tool of writes) {
      const reply = await call(client, tool.name, {
        websiteId: site,
        apiKeyId: "665f0b3c4d2e1a0012345678",
        funnelId: "665f0b3c4d2e1a0012345678",
        alertId: "665f0b3c4d2e1a0012345678",
        tokenId: "665f0b3c4d2e1a0012345678",
        webhookId: "665f0b3c4d2e1a0012345678",
        visitorId: "665f0b3c-4d2e-4a00-8123-456789abcdef",
        name: "x",
        domain: "mcp-write.example.com",
        timezone: "UTC",
        confirm: true,
      });
      if (reply.isError && reply.structuredContent?.error?.code === 403) refused.push(tool.name);
    }
    const after = await count();
    await pgClient.end();
    expect(refused.sort()).toEqual(writes.map((tool) => tool.name).sort());
    expect(after).toBe(before);
  });

  it("a df_ key is confined to its website", async () => {
    const key = (await newApiKey(owner, site)).key;
    const client = await connect(key);
    expect((await call(client, "analytics_overview", { fields: "visitors" })).structuredContent?.data).toEqual([
      { visitors: 1 },
    ]);
    const other = await call(client, "analytics_overview", { websiteId: otherSite });
    expect(other.structuredContent?.error?.code).toBe(403);
    expect((await call(client, "list_api_keys", { websiteId: otherSite })).structuredContent?.error?.code).toBe(403);
    expect((await call(client, "list_websites")).structuredContent?.error?.code).toBe(403);
  });

  it("without confirm a guarded tool changes nothing; with it the key comes back once and works over REST", async () => {
    const client = await connect(owner.token);
    const keys = async () => (await db()).websiteApiKey.count({ where: { websiteId: site, revokedAt: null } });
    const before = await keys();
    const refused = await call(client, "create_api_key", { websiteId: site, name: "agent key" });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent?.error?.message).toContain("confirm: true");
    expect(await keys()).toBe(before);

    const created = await call(client, "create_api_key", { websiteId: site, name: "agent key", confirm: true });
    const [row] = (created.structuredContent?.data ?? []) as { _id: string; key: string }[];
    expect(row?.key).toMatch(/^df_/);
    expect(await keys()).toBe(before + 1);
    const rest = await api("GET", "/analytics/overview?fields=visitors", { token: row?.key });
    expect(rest.status).toBe(200);
    const listed = JSON.stringify((await call(client, "list_api_keys", { websiteId: site })).structuredContent);
    expect(listed).toContain(row?._id);
    expect(listed).not.toContain(row?.key);
  });

  it("every call is audited with the credential as actor, and no secret is in the audit", async () => {
    const token = await tokenFor(owner.id, ["analytics:read", "api-keys:write"], [site]);
    const tokenId = (await (await db()).accessToken.findUniqueOrThrow({ where: { keyHash: sha256(token) } })).id;
    const client = await connect(token);
    await call(client, "analytics_overview", { websiteId: site });
    await call(client, "create_api_key", { websiteId: site });
    const events = await (await db()).auditEvent.findMany({
      where: { actorId: tokenId, action: "mcp.tool_called" },
      orderBy: { createdAt: "asc" },
    });
    expect(
      events.map((event) => [event.targetId, (event.metadata as { status: number }).status, event.websiteId]),
    ).toEqual([
      ["analytics_overview", 200, site],
      ["create_api_key", 400, site],
    ]);
    expect(events.every((event) => event.actorType === "accessToken")).toBe(true);
    expect(JSON.stringify(events)).not.toContain(token);
  });
});

describe("keygate mcp (stdio, forwarding to /api/mcp)", () => {
  const CLI = fileURLToPath(new URL("../../cli/bin/keygate.js", import.meta.url));

  /** The CLI's stdio server, started as an MCP client starts it, with the credential in its environment. */
  async function connectStdio(credential: string): Promise<Client> {
    const client = new Client({ name: "keygate-stdio-test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [CLI, "mcp"],
        env: {
          PATH: process.env.PATH ?? "",
          KEYGATE_TOKEN: credential,
          KEYGATE_API_URL: baseUrl,
          XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), "keygate-mcp-")),
        },
        stderr: "ignore",
      }),
    );
    clients.push(client);
    return client;
  }

  it("lists the same tools, and a read-only token stays read-only", async () => {
    const readOnly = await tokenFor(owner.id, ["analytics:read"], [site]);
    const client = await connectStdio(readOnly);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(CREDENTIAL_ROUTES.length);
    expect(
      (await call(client, "analytics_overview", { websiteId: site, fields: "visitors" })).structuredContent?.data,
    ).toEqual([{ visitors: 1 }]);
    const keys = await (await db()).websiteApiKey.count({ where: { websiteId: site } });
    const refused = await call(client, "create_api_key", { websiteId: site, name: "nope", confirm: true });
    expect(refused.structuredContent?.error?.code).toBe(403);
    expect(await (await db()).websiteApiKey.count({ where: { websiteId: site } })).toBe(keys);
  });

  it("a df_ key is confined to its website; confirm issues a key once that works over REST", async () => {
    const key = (await newApiKey(owner, site)).key;
    const client = await connectStdio(key);
    expect((await call(client, "analytics_overview", { websiteId: otherSite })).structuredContent?.error?.code).toBe(
      403,
    );
    expect((await call(client, "create_api_key", { name: "stdio" })).isError).toBe(true);
    const created = await call(client, "create_api_key", { websiteId: site, name: "stdio", confirm: true });
    const [row] = (created.structuredContent?.data ?? []) as { key: string }[];
    expect((await api("GET", "/analytics/realtime", { token: row?.key })).status).toBe(200);
  });
});
