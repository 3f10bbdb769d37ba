// `keygate mcp`: a stdio MCP server forwarding tools/list and tools/call to <api-url>/api/mcp with the
// configured credential. Checked against a small streamable-HTTP MCP server made here (it echoes
// what it received, Authorization included), against the Keygate server when it has the endpoint,
// and on its error paths: nothing but the protocol on stdout, a one-line error and an exit code.
import { createServer, type Server as HttpServer } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUser, type TestUser } from "../../web/test/helpers";
import { freePort } from "../../web/test/server";
import { BIN, baseUrl, configHome, spawnCli } from "./cli";

let user: TestUser;
let remote: HttpServer;
let remoteUrl: string;

/** A stateless MCP server with one tool, `echo`, that answers 401 to any other Bearer than the user's. */
function startRemote(expectedToken: () => string): Promise<HttpServer> {
  const http = createServer(async (request, response) => {
    if (request.url !== "/api/mcp") return void response.writeHead(404).end();
    if (request.headers.authorization !== `Bearer ${expectedToken()}`) return void response.writeHead(401).end();
    const server = new Server({ name: "fake-keygate", version: "1" }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: [{ name: "echo", description: "Echoes its arguments", inputSchema: { type: "object" } }],
    }));
    server.setRequestHandler(CallToolRequestSchema, (call) => ({
      content: [{ type: "text", text: JSON.stringify({ name: call.params.name, arguments: call.params.arguments }) }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on("close", () => void server.close());
    await server.connect(transport);
    await transport.handleRequest(request, response);
  });
  return new Promise((resolve) => http.listen(0, "127.0.0.1", () => resolve(http)));
}

function connect(env: Record<string, string>) {
  const home = configHome();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, "mcp"],
    env: { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: home, ...env },
    stderr: "pipe",
  });
  const client = new Client({ name: "test-agent", version: "1" });
  return { client, transport, connected: client.connect(transport) };
}

beforeAll(async () => {
  user = await newUser("cli-mcp");
  remote = await startRemote(() => user.token);
  const address = remote.address();
  remoteUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => remote.close(() => resolve())));

describe("keygate mcp", () => {
  it("forwards tools/list and tools/call to <api-url>/api/mcp with the credential as Bearer", async () => {
    const { client, connected } = connect({ KEYGATE_TOKEN: user.token, KEYGATE_API_URL: remoteUrl });
    await connected;
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(["echo"]);
      const result = await client.callTool({ name: "echo", arguments: { websiteId: "abc", limit: 3 } });
      expect(result.content).toEqual([
        { type: "text", text: JSON.stringify({ name: "echo", arguments: { websiteId: "abc", limit: 3 } }) },
      ]);
    } finally {
      await client.close();
    }
  });

  it("an unreachable endpoint: a clear error on stderr, nothing on stdout, exit 7", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const result = await spawnCli(["mcp"], { env: { KEYGATE_TOKEN: user.token, KEYGATE_API_URL: dead } });
    expect(result.code).toBe(7);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`Error: Cannot reach ${dead}/api/mcp (ECONNREFUSED)\n`);
  });

  it("a refused credential is exit 3; not logged in is exit 3 before any connection", async () => {
    const other = await newUser("cli-mcp-other");
    const refused = await spawnCli(["mcp"], { env: { KEYGATE_TOKEN: other.token, KEYGATE_API_URL: remoteUrl } });
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^Error: .*\/api\/mcp answered 401\n$/);
    const none = await spawnCli(["mcp"], { env: { KEYGATE_API_URL: remoteUrl } });
    expect(none.code).toBe(3);
  });
});

// The Keygate server's own endpoint: checked whenever the build under test has it.
const probe = await fetch(`${baseUrl}/api/mcp`, {
  method: "POST",
  headers: { "content-type": "application/json" },
}).catch(() => null);
const hasEndpoint = probe !== null && probe.status !== 404;

describe.skipIf(!hasEndpoint)("keygate mcp against this Keygate server", () => {
  it("lists the server's tools for a dft_ token", async () => {
    const { client, connected } = connect({ KEYGATE_TOKEN: user.token, KEYGATE_API_URL: baseUrl });
    await connected;
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});
