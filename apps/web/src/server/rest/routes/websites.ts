// Websites: GET/POST /admin/websites, GET/PUT/DELETE /admin/websites/{websiteId}.
import { AppError } from "@keygate/core";
import {
  createdWebsiteResponse,
  createWebsiteBody,
  updateWebsiteBody,
  websiteIdParams,
  websiteResponse,
  websiteSettingsResponse,
} from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { createWebsite, getWebsite, listWebsites, updateWebsite } from "../../services/websites";
import { defineRoute } from "../define";
import { userPrincipal } from "../user-principal";

const tag = "Websites";

export const websiteRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/websites",
    summary: "List websites",
    description: "Websites you belong to, with your role on each.",
    tag,
    access: ACTIONS["websites.list"],
    response: websiteResponse,
    handler: ({ principal }) => listWebsites({ principal: userPrincipal(principal) }),
  }),
  defineRoute({
    method: "post",
    path: "/admin/websites",
    summary: "Create website",
    description: "You become its owner. 409 when the domain already exists on your account.",
    tag,
    access: ACTIONS["websites.create"],
    body: createWebsiteBody,
    response: createdWebsiteResponse,
    errors: ["conflict"],
    handler: ({ principal, origin, body }) => createWebsite({ principal: userPrincipal(principal), origin, ...body }),
  }),
  defineRoute({
    method: "get",
    path: "/admin/websites/{websiteId}",
    summary: "Get website",
    tag,
    access: ACTIONS["websites.read"],
    params: websiteIdParams,
    response: websiteSettingsResponse,
    handler: ({ params, role }) => getWebsite({ websiteId: params.websiteId, role }),
  }),
  defineRoute({
    method: "put",
    path: "/admin/websites/{websiteId}",
    summary: "Update website",
    description: "409 when the new domain already exists on the account of one of the website's owners.",
    tag,
    access: ACTIONS["websites.update"],
    params: websiteIdParams,
    body: updateWebsiteBody,
    response: websiteSettingsResponse,
    errors: ["conflict"],
    handler: ({ principal, origin, params, role, body }) =>
      updateWebsite({ principal, origin, websiteId: params.websiteId, role, changes: body }),
  }),
  defineRoute({
    method: "delete",
    path: "/admin/websites/{websiteId}",
    summary: "Delete website (not available)",
    description: "Always 403: websites can only be deleted from the dashboard.",
    tag,
    access: ACTIONS["websites.delete"],
    params: websiteIdParams,
    response: websiteResponse,
    handler: async () => {
      throw AppError.forbidden("Websites can only be deleted from the dashboard");
    },
  }),
];
