// Data lifecycle on the Website API: erase one visitor (DELETE /visitors/{visitorId}) and export a
// period's events or payments (GET /export). The retention period is a website setting (PUT /admin/websites/{websiteId}).
import {
  erasedVisitorResponse,
  eraseVisitorParams,
  exportQuery,
  exportRow,
  websiteOnlyQuery,
} from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { eraseVisitor, exportData } from "../../services/data-lifecycle";
import { defineRoute } from "../define";

export const dataLifecycleRoutes = [
  defineRoute({
    tag: "Website API: visitors",
    access: ACTIONS["visitors.erase"],
    websiteFromCredential: true,
    method: "delete",
    path: "/visitors/{visitorId}",
    summary: "Erase visitor",
    description:
      "Deletes the visitor's events, sessions, attributed payments and profile on this website, in one transaction, and records `visitor.erased` in the audit log. 404 when nothing is stored for the visitor.",
    params: eraseVisitorParams,
    query: websiteOnlyQuery,
    response: erasedVisitorResponse,
    handler: ({ principal, origin, websiteId, params }) =>
      eraseVisitor({ principal, origin, websiteId, visitorId: params.visitorId }),
  }),
  defineRoute({
    tag: "Website API: export",
    access: ACTIONS["analytics.export"],
    websiteFromCredential: true,
    method: "get",
    path: "/export",
    summary: "Export events or payments",
    description:
      "A period's raw events (or payments), oldest first, streamed as CSV (`format=csv`, default) or JSON (`format=json`: the success envelope with `data` = the rows), with a Content-Disposition file name. startAt and endAt are required, at most 366 days apart.",
    query: exportQuery,
    response: exportRow,
    reply: "stream",
    handler: ({ websiteId, query }) => exportData({ websiteId, query }),
  }),
];
