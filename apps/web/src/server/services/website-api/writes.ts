// Website API writes: server-side goals, payments and identify.
import { AppError } from "@keygate/core";
import type { createGoalBody, createPaymentBody, deleteGoalsQuery, deletePaymentsQuery } from "@keygate/core/contracts";
import type { z } from "zod";
import { type DeleteRange, analyticsStore as store } from "../../analytics";
import { goalArrived } from "../alert-delivery";
import { siteInfo } from "./site";
import { resolveWindow } from "./window";

type Range = { startAt?: string; endAt?: string; start?: string; end?: string };

/** startAt/endAt, or their older names start/end; both bounds or none. */
async function deleteRange(websiteId: string, query: Range): Promise<DeleteRange | null> {
  const startAt = query.startAt ?? query.start;
  const endAt = query.endAt ?? query.end;
  if (startAt === undefined && endAt === undefined) return null;
  const window = resolveWindow({ startAt, endAt }, await siteInfo(websiteId));
  return { start: window.start, end: window.end };
}

function timeRange(range: DeleteRange | null) {
  return range ? { timeRange: { start: range.start.toISOString(), end: range.end.toISOString() } } : {};
}

async function requirePageview(websiteId: string, visitorId: string) {
  if (!(await store.hasPageview(websiteId, visitorId))) {
    throw AppError.notFound("Visitor has no pageviews on this website");
  }
}

export async function createGoal({ websiteId, body }: { websiteId: string; body: z.infer<typeof createGoalBody> }) {
  const visitorId = (body.datafast_visitor_id ?? body.visitorId) as string;
  await requirePageview(websiteId, visitorId);
  const properties = { ...body.metadata, ...(body.description ? { description: body.description } : {}) };
  const eventId = await store.recordGoal({
    websiteId,
    visitorId,
    name: body.name,
    properties: Object.keys(properties).length > 0 ? properties : null,
    at: new Date(),
  });
  if (!eventId) throw AppError.notFound("Visitor has no pageviews on this website");
  goalArrived(websiteId, body.name);
  return { message: "Custom event created successfully", eventId };
}

export async function deleteGoals({
  websiteId,
  query,
}: {
  websiteId: string;
  query: z.infer<typeof deleteGoalsQuery>;
}) {
  const name = query.name ?? query.goalName ?? null;
  const visitorId = query.datafast_visitor_id ?? null;
  const range = await deleteRange(websiteId, query);
  if (!name && !visitorId && !range) {
    throw AppError.badRequest("Give datafast_visitor_id, name, or a startAt/endAt range to delete goals");
  }
  const deleted = await store.deleteGoals({ websiteId, visitorId, name, range });
  if (deleted === 0) throw AppError.notFound("No goal events matched");
  return {
    message: range ? "Goal events deleted successfully within time range" : "Goal events deleted successfully",
    deleted,
    ...(name ? { goal_name: name } : {}),
    ...(visitorId ? { datafast_visitor_id: visitorId } : {}),
    ...timeRange(range),
  };
}

export async function createPayment({
  websiteId,
  body,
}: {
  websiteId: string;
  body: z.infer<typeof createPaymentBody>;
}) {
  const result = await store.recordPayment({
    websiteId,
    transactionId: body.transaction_id,
    visitorId: body.datafast_visitor_id ?? null,
    amount: body.amount,
    currency: body.currency,
    renewal: body.renewal,
    refunded: body.refunded,
    isFreeTrial: body.is_free_trial ?? body.amount === 0,
    email: body.email ?? body.customer_email ?? null,
    name: body.name ?? body.customer_name ?? null,
    customerId: body.customer_id ?? null,
    at: body.timestamp ? new Date(body.timestamp) : new Date(),
  });
  const message = !result.created
    ? "Payment already recorded for this transaction_id (duplicate ignored)"
    : result.visitorId
      ? "Payment recorded and attributed successfully"
      : "Payment recorded successfully (not attributed to a visitor)";
  return { message, transaction_id: body.transaction_id };
}

export async function deletePayments({
  websiteId,
  query,
}: {
  websiteId: string;
  query: z.infer<typeof deletePaymentsQuery>;
}) {
  const transactionId = query.transaction_id ?? query.tx_id ?? null;
  const visitorId = transactionId ? null : (query.datafast_visitor_id ?? null);
  const range = transactionId ? null : await deleteRange(websiteId, query);
  if (!transactionId && !visitorId && !range) {
    throw AppError.badRequest("Give transaction_id, datafast_visitor_id, or a startAt/endAt range to delete payments");
  }
  const deleted = await store.deletePayments({ websiteId, transactionId, visitorId, range });
  if (transactionId && deleted === 0) throw AppError.notFound("Transaction not found");
  const message = transactionId
    ? "Payment deleted successfully"
    : visitorId
      ? `All payments for visitor deleted successfully${range ? " within time range" : ""}`
      : "Payments deleted successfully within time range";
  return {
    message,
    deleted,
    ...(transactionId ? { transaction_id: transactionId } : {}),
    ...(visitorId ? { datafast_visitor_id: visitorId } : {}),
    ...timeRange(range),
  };
}

export async function identifyVisitor({
  websiteId,
  body,
}: {
  websiteId: string;
  body: { user_id: string; datafast_visitor_id: string } & Record<string, unknown>;
}) {
  const { user_id: userId, datafast_visitor_id: visitorId, websiteId: _ignored, ...metadata } = body;
  await requirePageview(websiteId, visitorId);
  const profileId = await store.identify({ websiteId, visitorId, userId, metadata, at: new Date() });
  return { message: "User profile created successfully", profileId };
}
