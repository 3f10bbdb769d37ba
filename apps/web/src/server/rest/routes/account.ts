// The caller's account: GET/PUT /admin/account.
import { accountResponse, updateAccountBody } from "@keygate/core/contracts";
import { getAccount, updateAccount } from "../../services/account";
import { defineRoute } from "../define";
import { userPrincipal } from "../user-principal";

const tag = "Account";

export const accountRoutes = [
  defineRoute({
    method: "get",
    path: "/admin/account",
    summary: "Get account",
    description: "Your profile. With a df_ key: the website owner's profile and the key's `websiteId`.",
    tag,
    access: { scope: "account", permission: null, websiteKeys: true },
    response: accountResponse,
    handler: ({ principal }) => getAccount({ principal }),
  }),
  defineRoute({
    method: "put",
    path: "/admin/account",
    summary: "Update account",
    tag,
    access: { scope: "account", permission: null },
    body: updateAccountBody,
    response: accountResponse,
    handler: ({ principal, origin, body }) =>
      updateAccount({ principal: userPrincipal(principal), origin, name: body.name }),
  }),
];
