// Every action a caller can take, with the access it requires — declared once, here. The REST
// routes and the tRPC procedures both refer to these entries, so the API and the dashboard
// always ask the policy engine the same question.
import type { Access } from "./authorize";

export const ACTIONS = {
  "account.read": { scope: "account", permission: null, websiteKeys: true },
  "account.update": { scope: "account", permission: null },
  // Dashboard sessions and the password: tRPC only (no REST route, so never a token's to call).
  "account.changePassword": { scope: "account", permission: null },
  "sessions.list": { scope: "account", permission: null },
  "sessions.end": { scope: "account", permission: null },
  "sessions.endAll": { scope: "account", permission: null },
  // Two-factor sign-in: tRPC only as well; turning it on or off also asks for the password.
  "twoFactor.read": { scope: "account", permission: null },
  "twoFactor.begin": { scope: "account", permission: null },
  "twoFactor.enable": { scope: "account", permission: null },
  "twoFactor.disable": { scope: "account", permission: null },
  "websites.list": { scope: "account", permission: "websites:read" },
  "websites.create": { scope: "account", permission: "websites:write" },
  "websites.read": { scope: "website", permission: "settings:read" },
  "websites.update": { scope: "website", permission: "settings:write" },
  "websites.delete": { scope: "website", permission: "websites:write", ownerOnly: true },
  "apiKeys.list": { scope: "website", permission: "api-keys:read" },
  "apiKeys.create": { scope: "website", permission: "api-keys:write" },
  "apiKeys.roll": { scope: "website", permission: "api-keys:write" },
  "apiKeys.revoke": { scope: "website", permission: "api-keys:write" },
  "apiKeys.usage": { scope: "website", permission: "api-keys:read" },
  "accessTokens.list": { scope: "account", permission: "api-keys:read" },
  "accessTokens.create": { scope: "account", permission: "api-keys:write" },
  "accessTokens.revoke": { scope: "account", permission: "api-keys:write" },
  "accessTokens.usage": { scope: "account", permission: "api-keys:read" },
  "team.list": { scope: "website", permission: "team:read" },
  "team.invite": { scope: "website", permission: "team:write", ownerOnly: true },
  "team.remove": { scope: "website", permission: "team:write", ownerOnly: true },
  "team.changeRole": { scope: "website", permission: "team:write", ownerOnly: true },
  "team.transfer": { scope: "website", permission: "team:write", ownerOnly: true },
  "team.leave": { scope: "website", permission: "team:read" },
  "funnels.list": { scope: "website", permission: "funnels:read" },
  "funnels.create": { scope: "website", permission: "funnels:write" },
  "funnels.update": { scope: "website", permission: "funnels:write" },
  "funnels.delete": { scope: "website", permission: "funnels:write" },
  "alerts.list": { scope: "website", permission: "alerts:read" },
  "alerts.create": { scope: "website", permission: "alerts:write" },
  "alerts.update": { scope: "website", permission: "alerts:write" },
  "alerts.delete": { scope: "website", permission: "alerts:write" },
  "auditLog.read": { scope: "website", permission: "settings:read", membersOnly: true },
  // Webhooks: endpoint URLs and delivery logs are settings, closed to viewers like the audit log.
  "webhooks.list": { scope: "website", permission: "settings:read", membersOnly: true },
  "webhooks.create": { scope: "website", permission: "settings:write" },
  "webhooks.delete": { scope: "website", permission: "settings:write" },
  "webhooks.test": { scope: "website", permission: "settings:write" },
  "webhooks.deliveries": { scope: "website", permission: "settings:read", membersOnly: true },
  // The Website API: every read needs analytics:read (goals:read and payments:read guard no route).
  "analytics.read": { scope: "website", permission: "analytics:read" },
  // The dashboard's Overview: what members read, and what anyone reads while the public dashboard is on.
  "analytics.overview": { scope: "website", permission: "analytics:read", public: true },
  "goals.create": { scope: "website", permission: "goals:write" },
  "goals.delete": { scope: "website", permission: "goals:write" },
  "payments.create": { scope: "website", permission: "payments:write" },
  "payments.delete": { scope: "website", permission: "payments:write" },
  "profiles.identify": { scope: "website", permission: "identify:write" },
  // Data lifecycle: a period's raw rows leave as a file (a read); erasing a visitor destroys data for good,
  // so it takes the settings permission (members and owners, and member-level website keys), and is audited.
  "analytics.export": { scope: "website", permission: "analytics:read" },
  "visitors.erase": { scope: "website", permission: "settings:write" },
  // Leak reports from secret-scanning partners: no credential, a signature over the body (README: Security).
  "secretScanning.report": { scope: "signature", permission: null, signedBy: "secret-scanning" },
} as const satisfies Record<string, Access>;

export type Action = keyof typeof ACTIONS;
