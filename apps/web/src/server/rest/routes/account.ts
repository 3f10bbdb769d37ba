// The caller's account: GET/PUT /admin/account.
import { accountResponse, updateAccountBody } from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
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
    access: ACTIONS["account.read"],
    response: accountResponse,
    handler: ({ principal }) => getAccount({ principal }),
  }),
  defineRoute({
    method: "put",
    path: "/admin/account",
    summary: "Update account",
    tag,
    access: ACTIONS["account.update"],
    body: updateAccountBody,
    response: accountResponse,
    handler: ({ principal, origin, body }) =>
      updateAccount({ principal: userPrincipal(principal), origin, name: body.name }),
  }),
];
