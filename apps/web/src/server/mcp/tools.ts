// The MCP tools: one per REST route, named here, described and typed from the route's own
// contracts, so an agent's call runs the same pipeline (policy engine included) as the REST call.
import { ACTIONS } from "@keygate/core/policy";
import { z } from "zod";
import type { AnyRoute } from "../rest/define";
import { ROUTES } from "../rest/routes";

/** Tool name of each route ("METHOD path"). */
const NAMES: Record<string, string> = {
  "GET /admin/account": "get_account",
  "PUT /admin/account": "update_account",
  "GET /admin/websites": "list_websites",
  "POST /admin/websites": "create_website",
  "GET /admin/websites/{websiteId}": "get_website",
  "PUT /admin/websites/{websiteId}": "update_website",
  "DELETE /admin/websites/{websiteId}": "delete_website",
  "GET /admin/websites/{websiteId}/apikeys": "list_api_keys",
  "POST /admin/websites/{websiteId}/apikeys": "create_api_key",
  "PUT /admin/websites/{websiteId}/apikeys/{apiKeyId}": "roll_api_key",
  "DELETE /admin/websites/{websiteId}/apikeys/{apiKeyId}": "delete_api_key",
  "GET /admin/websites/{websiteId}/apikeys/{apiKeyId}/usage": "get_api_key_usage",
  "GET /admin/websites/{websiteId}/team": "list_team",
  "POST /admin/websites/{websiteId}/team": "invite_team_member",
  "PUT /admin/websites/{websiteId}/team": "change_team_role",
  "DELETE /admin/websites/{websiteId}/team": "remove_team_member",
  "GET /admin/websites/{websiteId}/funnels": "list_funnels",
  "POST /admin/websites/{websiteId}/funnels": "create_funnel",
  "PUT /admin/websites/{websiteId}/funnels/{funnelId}": "update_funnel",
  "DELETE /admin/websites/{websiteId}/funnels/{funnelId}": "delete_funnel",
  "GET /admin/websites/{websiteId}/alerts": "list_alerts",
  "POST /admin/websites/{websiteId}/alerts": "create_alert",
  "PUT /admin/websites/{websiteId}/alerts/{alertId}": "update_alert",
  "DELETE /admin/websites/{websiteId}/alerts/{alertId}": "delete_alert",
  "GET /admin/websites/{websiteId}/audit-log": "get_audit_log",
  "GET /admin/websites/{websiteId}/webhooks": "list_webhooks",
  "POST /admin/websites/{websiteId}/webhooks": "create_webhook",
  "DELETE /admin/websites/{websiteId}/webhooks/{webhookId}": "delete_webhook",
  "POST /admin/websites/{websiteId}/webhooks/{webhookId}/test": "test_webhook",
  "GET /admin/websites/{websiteId}/webhooks/{webhookId}/deliveries": "list_webhook_deliveries",
  "GET /admin/access-tokens": "list_access_tokens",
  "POST /admin/access-tokens": "create_access_token",
  "DELETE /admin/access-tokens/{tokenId}": "delete_access_token",
  "GET /admin/access-tokens/{tokenId}/usage": "get_access_token_usage",
  "GET /analytics/overview": "analytics_overview",
  "GET /analytics/timeseries": "analytics_timeseries",
  "GET /analytics/realtime": "analytics_realtime",
  "GET /analytics/realtime/map": "analytics_realtime_map",
  "GET /analytics/metadata": "analytics_metadata",
  "GET /analytics/pages": "analytics_pages",
  "GET /analytics/referrers": "analytics_referrers",
  "GET /analytics/countries": "analytics_countries",
  "GET /analytics/regions": "analytics_regions",
  "GET /analytics/cities": "analytics_cities",
  "GET /analytics/devices": "analytics_devices",
  "GET /analytics/browsers": "analytics_browsers",
  "GET /analytics/operating-systems": "analytics_operating_systems",
  "GET /analytics/campaigns": "analytics_campaigns",
  "GET /analytics/hostnames": "analytics_hostnames",
  "GET /analytics/exit-clicks": "analytics_exit_clicks",
  "GET /analytics/goals": "analytics_goals",
  "GET /analytics/goals/properties": "analytics_goal_properties",
  "GET /analytics/funnels/{funnelId}": "analytics_funnel",
  "GET /visitors": "list_visitors",
  "GET /visitors/{visitorId}": "get_visitor",
  "POST /goals": "create_goal",
  "DELETE /goals": "delete_goals",
  "POST /payments": "create_payment",
  "DELETE /payments": "delete_payments",
  "POST /identify": "identify_visitor",
  "DELETE /visitors/{visitorId}": "erase_visitor",
};

/** Tools that issue or revoke credentials, change the team or erase data: they run only with `confirm: true`. */
const GUARDED = new Set<object>([
  ACTIONS["apiKeys.create"],
  ACTIONS["apiKeys.roll"],
  ACTIONS["apiKeys.revoke"],
  ACTIONS["accessTokens.create"],
  ACTIONS["accessTokens.revoke"],
  ACTIONS["team.invite"],
  ACTIONS["team.remove"],
  ACTIONS["team.changeRole"],
  ACTIONS["team.transfer"],
  // A webhook issues a signing secret and sends the website's events to an outside URL.
  ACTIONS["webhooks.create"],
  ACTIONS["visitors.erase"],
]);

export interface Tool {
  name: string;
  route: AnyRoute;
  needsConfirm: boolean;
  description: string;
  inputSchema: Record<string, unknown>;
  /** Which arguments go where: the rest is the body. */
  paramKeys: string[];
  queryKeys: string[];
}

const shapeOf = (schema: z.ZodType | undefined): Record<string, z.ZodType> =>
  schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};

const CONFIRM = z
  .literal(true)
  .describe("Required: this tool issues or revokes a credential, changes the team or erases data. Ask the user first.");

function toolDescription(route: AnyRoute, needsConfirm: boolean): string {
  const permission = route.access.permission ?? "any credential";
  const website = route.websiteFromCredential
    ? " A df_ key implies its website; with a dft_ token pass websiteId."
    : "";
  const confirm = needsConfirm ? " Needs confirm: true." : "";
  return `${route.summary}. ${route.description ?? ""} Requires ${permission}.${website}${confirm}`
    .replace(/\s+/g, " ")
    .trim();
}

function toolOf(route: AnyRoute): Tool {
  const key = `${route.method.toUpperCase()} ${route.path}`;
  const name = NAMES[key];
  if (!name) throw new Error(`No MCP tool name for ${key}`);
  const needsConfirm = GUARDED.has(route.access);
  const params = shapeOf(route.params);
  const query = shapeOf(route.query);
  const input = z.object({
    ...params,
    ...query,
    ...shapeOf(route.body),
    ...(needsConfirm ? { confirm: CONFIRM } : {}),
  });
  const schema = z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete schema.$schema;
  return {
    name,
    route,
    needsConfirm,
    description: toolDescription(route, needsConfirm),
    inputSchema: schema,
    paramKeys: Object.keys(params),
    queryKeys: Object.keys(query),
  };
}

// Signed routes (secret-scanning reports) take no credential, so they are no agent's to call.
// Streamed files (the export) are downloads, not answers an agent reads: no tool.
export const TOOLS: readonly Tool[] = ROUTES.filter(
  (route) => route.access.scope !== "signature" && route.reply !== "stream",
).map(toolOf);
export const TOOLS_BY_NAME = new Map(TOOLS.map((tool) => [tool.name, tool]));
