// /api/mcp: Keygate's MCP server (streamable HTTP, stateless), mounted ahead of Next like /api/v1.
// A dft_ token or df_ key authenticates every request; each tool runs its REST route's pipeline, so
// the token's permissions, website list and the user's role now bound the agent exactly.
import { AppError, type ErrorDetail } from "@keygate/core";
import type { Principal } from "@keygate/core/policy";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CallToolRequestSchema, type CallToolResult, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { env } from "../../env";
import { principalFromBearer } from "../auth/bearer";
import { countFor } from "../auth/usage";
import { limitBody } from "../body-limit";
import { db } from "../db";
import { errorFields, log } from "../log";
import { httpMetrics } from "../metrics";
import { errorBody, internalErrorMessage, knownError, toErrorResponse } from "../rest/errors";
import { executeRoute, originOf, replyBody } from "../rest/handle";
import { recordAudit } from "../services/audit";
import type { RequestOrigin } from "../services/context";
import { TOOLS, TOOLS_BY_NAME, type Tool } from "./tools";

export const MCP_PATH = "/api/mcp";

function result(body: unknown, isError = false): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(body) }],
    structuredContent: body as Record<string, unknown>,
    ...(isError ? { isError: true } : {}),
  };
}

const failure = (status: number, message: string, details?: ErrorDetail[]) =>
  result(errorBody(status, message, details), true);

function split(tool: Tool, args: Record<string, unknown>) {
  const params: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === "confirm" && tool.needsConfirm) continue;
    if (tool.paramKeys.includes(key)) params[key] = String(value);
    else if (tool.queryKeys.includes(key)) query[key] = typeof value === "number" ? String(value) : value;
    else body[key] = value;
  }
  return { params, query, body };
}

async function callTool(
  tool: Tool,
  args: Record<string, unknown>,
  principal: Principal,
  origin: RequestOrigin,
  requestId: string,
): Promise<CallToolResult> {
  if (tool.needsConfirm && args.confirm !== true) {
    return failure(
      400,
      `${tool.name} issues or revokes a credential or changes the team: call it again with confirm: true once the user agrees. Nothing was changed.`,
    );
  }
  const { params, query, body } = split(tool, args);
  try {
    const output = await executeRoute(tool.route, { principal, params, query, body: async () => body, origin });
    return result(replyBody(tool.route, output));
  } catch (error) {
    const known = knownError(error);
    if (known) return failure(known.status, known.message, known.details);
    log("error", "unhandled error", { requestId, tool: tool.name, ...errorFields(error) });
    return failure(500, internalErrorMessage(requestId));
  }
}

/** One server per request (stateless): the principal is fixed for its tool calls. */
function mcpServer(principal: Principal, origin: RequestOrigin, requestId: string): Server {
  const server = new Server({ name: "keygate", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema as { type: "object" },
      annotations: {
        readOnlyHint: tool.route.method === "get",
        destructiveHint: tool.route.method === "delete" || tool.needsConfirm,
      },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = TOOLS_BY_NAME.get(request.params.name);
    if (!tool) return failure(404, `No tool named ${request.params.name}`);
    const args = request.params.arguments ?? {};
    const outcome = await callTool(tool, args, principal, origin, requestId);
    const websiteId =
      typeof args.websiteId === "string" ? args.websiteId : principal.kind === "apiKey" ? principal.websiteId : null;
    const status = outcome.isError
      ? ((outcome.structuredContent as { error?: { code?: number } })?.error?.code ?? 500)
      : 200;
    await recordAudit(await db(), {
      actor: principal,
      origin,
      action: "mcp.tool_called",
      target: { type: "mcp_tool", id: tool.name },
      websiteId: websiteId && /^[0-9a-f]{24}$/.test(websiteId) ? websiteId : null,
      metadata: { tool: tool.name, status },
    });
    return outcome;
  });
  return server;
}

export function createMcpApp() {
  const app = new Hono();
  app.use(httpMetrics("mcp"));
  app.use(requestId());
  app.use(limitBody(env.BODY_LIMIT_BYTES));
  app.all(MCP_PATH, async (c) => {
    const origin = originOf(c);
    const principal = await principalFromBearer(c.req.header("authorization"), origin.ip);
    countFor(c, principal, origin);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    const server = mcpServer(principal, origin, c.get("requestId") as string);
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      void server.close();
    }
  });
  app.notFound((c) => c.json(errorBody(404, `No route ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    if (error instanceof AppError && error.status === 401) c.header("WWW-Authenticate", 'Bearer realm="keygate"');
    return toErrorResponse(error, c);
  });
  return app;
}
