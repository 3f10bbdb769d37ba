// The Website API's writes: server-side goals (goals:write), payments (payments:write), identify (identify:write).
import {
  createGoalBody,
  createPaymentBody,
  deleteGoalsQuery,
  deletePaymentsQuery,
  identifyBody,
  paymentReply,
  websiteOnlyQuery,
  writeMessage,
} from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import {
  createGoal,
  createPayment,
  deleteGoals,
  deletePayments,
  identifyVisitor,
} from "../../services/website-api/writes";
import { defineRoute } from "../define";

const tag = "Website API: goals, payments, identify";

export const trackingRoutes = [
  defineRoute({
    method: "post",
    path: "/goals",
    summary: "Create goal",
    description:
      "A custom goal for a visitor who has at least one pageview (404 otherwise). Names are normalized (lowercase, _).",
    tag,
    access: ACTIONS["goals.create"],
    websiteFromCredential: true,
    query: websiteOnlyQuery,
    body: createGoalBody,
    response: writeMessage,
    errors: ["not_found"],
    handler: ({ websiteId, body }) => createGoal({ websiteId, body }),
  }),
  defineRoute({
    method: "delete",
    path: "/goals",
    summary: "Delete goals",
    description:
      "By visitor, name and/or a startAt/endAt range (start/end accepted). 404 when nothing matched; 504 when it takes too long.",
    tag,
    access: ACTIONS["goals.delete"],
    websiteFromCredential: true,
    query: deleteGoalsQuery,
    response: writeMessage,
    errors: ["not_found"],
    handler: ({ websiteId, query }) => deleteGoals({ websiteId, query }),
  }),
  defineRoute({
    method: "post",
    path: "/payments",
    summary: "Create payment",
    description: "Idempotent on transaction_id. Answers a bare `{message, transaction_id}` (no envelope).",
    tag,
    access: ACTIONS["payments.create"],
    websiteFromCredential: true,
    query: websiteOnlyQuery,
    body: createPaymentBody,
    response: paymentReply,
    reply: "bare",
    handler: ({ websiteId, body }) => createPayment({ websiteId, body }),
  }),
  defineRoute({
    method: "delete",
    path: "/payments",
    summary: "Delete payments",
    description:
      "By transaction_id (or tx_id; 404 when no payment has it), else by visitor and/or a startAt/endAt range (start/end accepted).",
    tag,
    access: ACTIONS["payments.delete"],
    websiteFromCredential: true,
    query: deletePaymentsQuery,
    response: writeMessage,
    errors: ["not_found"],
    handler: ({ websiteId, query }) => deletePayments({ websiteId, query }),
  }),
  defineRoute({
    method: "post",
    path: "/identify",
    summary: "Identify visitor",
    description:
      "Links a visitor who has at least one pageview (404 otherwise) to your user id; other keys merge into the profile. `data` is an object.",
    tag,
    access: ACTIONS["profiles.identify"],
    websiteFromCredential: true,
    query: websiteOnlyQuery,
    body: identifyBody,
    response: writeMessage,
    errors: ["not_found"],
    reply: "object",
    handler: ({ websiteId, body }) => identifyVisitor({ websiteId, body }),
  }),
];
