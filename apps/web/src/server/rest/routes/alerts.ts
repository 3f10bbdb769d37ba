// Alerts: GET/POST /admin/websites/{websiteId}/alerts, PUT/DELETE …/alerts/{alertId}.
import {
  alertParams,
  alertResponse,
  createAlertBody,
  deletedResponse,
  updateAlertBody,
  websiteParams,
} from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { createAlert, deleteAlert, listAlerts, updateAlert } from "../../services/alerts";
import { defineRoute } from "../define";

const tag = "Alerts";

export const alertRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/websites/{websiteId}/alerts",
    summary: "List alerts",
    tag,
    access: ACTIONS["alerts.list"],
    params: websiteParams,
    response: alertResponse,
    handler: ({ params }) => listAlerts(params),
  }),
  defineRoute({
    method: "post",
    path: "/admin/websites/{websiteId}/alerts",
    summary: "Create alert",
    description: "At most 25 per website (400 beyond). Message 10–2000 characters.",
    tag,
    access: ACTIONS["alerts.create"],
    params: websiteParams,
    body: createAlertBody,
    response: alertResponse,
    handler: ({ principal, origin, params, body }) => createAlert({ principal, origin, ...params, alert: body }),
  }),
  defineRoute({
    method: "put",
    path: "/admin/websites/{websiteId}/alerts/{alertId}",
    summary: "Update alert",
    tag,
    access: ACTIONS["alerts.update"],
    params: alertParams,
    body: updateAlertBody,
    response: alertResponse,
    handler: ({ principal, origin, params, body }) => updateAlert({ principal, origin, ...params, changes: body }),
  }),
  defineRoute({
    method: "delete",
    path: "/admin/websites/{websiteId}/alerts/{alertId}",
    summary: "Delete alert",
    tag,
    access: ACTIONS["alerts.delete"],
    params: alertParams,
    response: deletedResponse,
    handler: ({ principal, origin, params }) => deleteAlert({ principal, origin, ...params }),
  }),
];
