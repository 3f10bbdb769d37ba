// Audit log: GET /admin/websites/{websiteId}/audit-log (owners and members).
import { auditEventResponse, auditLogQuery, websiteParams } from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { listAuditEvents } from "../../services/audit";
import { defineRoute } from "../define";

export const auditLogRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/websites/{websiteId}/audit-log",
    summary: "List audit events",
    description: "Every write on this website, newest first, with cursor pagination and filters by action and actor.",
    tag: "Audit log",
    access: ACTIONS["auditLog.read"],
    params: websiteParams,
    query: auditLogQuery,
    response: auditEventResponse,
    paginated: true,
    handler: ({ params, query }) => listAuditEvents({ ...params, ...query }),
  }),
];
