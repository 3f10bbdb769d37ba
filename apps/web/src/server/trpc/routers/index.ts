// The dashboard's tRPC API.
import { router } from "../init";
import { accessTokensRouter } from "./access-tokens";
import { accountRouter } from "./account";
import { apiKeysRouter } from "./api-keys";
import { credentialUsageRouter } from "./credential-usage";
import { dataLifecycleRouter } from "./data-lifecycle";
import { emailVerificationRouter } from "./email-verification";
import { alertsRouter, funnelsRouter } from "./funnels-alerts";
import { overviewRouter } from "./overview";
import { staffRouter } from "./staff";
import { teamRouter } from "./team";
import { webhooksRouter } from "./webhooks";
import { websitesRouter } from "./websites";

export const appRouter = router({
  account: accountRouter,
  emailVerification: emailVerificationRouter,
  websites: websitesRouter,
  apiKeys: apiKeysRouter,
  accessTokens: accessTokensRouter,
  credentialUsage: credentialUsageRouter,
  team: teamRouter,
  staff: staffRouter,
  funnels: funnelsRouter,
  alerts: alertsRouter,
  webhooks: webhooksRouter,
  overview: overviewRouter,
  dataLifecycle: dataLifecycleRouter,
});

export type AppRouter = typeof appRouter;
