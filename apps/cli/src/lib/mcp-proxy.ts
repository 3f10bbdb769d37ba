// `keygate mcp`: an MCP server on stdio whose tools are the remote Keygate's (`<api-url>/api/mcp`,
// streamable HTTP, the configured credential as Bearer). Local agents that only speak stdio get
// the same tools the remote endpoint gives that credential. stdout carries the protocol alone.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  CallToolResultSchema,
  ListToolsRequestSchema,
  ListToolsResultSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { Context } from "../context";
import { CliError, EXIT, exitCodeForStatus } from "../errors";
import { VERSION } from "../version";

const INFO = { name: "keygate", version: VERSION };

function connectError(error: unknown, endpoint: string): CliError {
  if (error instanceof StreamableHTTPError && error.code !== undefined && error.code > 0) {
    const hint = error.code === 404 ? ": this server has no MCP endpoint" : "";
    return new CliError(`${endpoint} answered ${error.code}${hint}`, exitCodeForStatus(error.code));
  }
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return new CliError(`Cannot reach ${endpoint} (${cause ?? (error as Error).message})`, EXIT.network);
}

export async function serveMcpProxy(ctx: Context): Promise<void> {
  const { token } = await ctx.credential();
  const endpoint = `${await ctx.apiUrl()}/api/mcp`;
  const remote = new StreamableHTTPClientTransport(new URL(endpoint), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: "keygate-cli", version: INFO.version });
  try {
    await client.connect(remote);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw connectError(error, endpoint);
  }

  const server = new Server(INFO, { capabilities: { tools: {} }, instructions: client.getInstructions() });
  // Forwarded as is: the remote server validates arguments and owns the result shapes.
  server.setRequestHandler(ListToolsRequestSchema, (request, extra) =>
    client.request({ method: "tools/list", params: request.params }, ListToolsResultSchema, { signal: extra.signal }),
  );
  server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    client.request({ method: "tools/call", params: request.params }, CallToolResultSchema, { signal: extra.signal }),
  );
  server.onerror = (error) => ctx.io.stderr.write(`keygate mcp: ${error.message}\n`);

  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
  });
  await server.connect(new StdioServerTransport(ctx.io.stdin, ctx.io.stdout));
  ctx.io.stderr.write(`keygate mcp: forwarding stdio to ${endpoint}\n`);
  await closed;
  await remote.terminateSession().catch(() => undefined);
  await client.close();
}
