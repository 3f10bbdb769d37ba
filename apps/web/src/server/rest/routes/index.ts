// Every REST v1 route, in one table: what the router serves, what the OpenAPI document lists,
// and what `pnpm routes` prints.
import type { AnyRoute } from "../define";
import { accessTokenRoutes } from "./access-tokens";
import { accountRoutes } from "./account";
import { alertRoutes } from "./alerts";
import { analyticsRoutes } from "./analytics";
import { apiKeyRoutes } from "./api-keys";
import { auditLogRoutes } from "./audit-log";
import { accessTokenUsageRoutes, apiKeyUsageRoutes } from "./credential-usage";
import { dataLifecycleRoutes } from "./data-lifecycle";
import { funnelRoutes } from "./funnels";
import { secretScanningRoutes } from "./secret-scanning";
import { teamRoutes } from "./team";
import { trackingRoutes } from "./tracking";
import { visitorRoutes } from "./visitors";
import { webhookRoutes } from "./webhooks";
import { websiteRoutes } from "./websites";

export const ROUTES: readonly AnyRoute[] = [
  ...accountRoutes,
  ...websiteRoutes,
  ...apiKeyRoutes,
  ...apiKeyUsageRoutes,
  ...teamRoutes,
  ...funnelRoutes,
  ...alertRoutes,
  ...auditLogRoutes,
  ...webhookRoutes,
  ...accessTokenRoutes,
  ...accessTokenUsageRoutes,
  ...analyticsRoutes,
  ...visitorRoutes,
  ...dataLifecycleRoutes,
  ...trackingRoutes,
  ...secretScanningRoutes,
];
