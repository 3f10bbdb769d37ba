// Funnels: 2–8 ordered steps, each a pageview (url) or a goal (goalName).
import { z } from "zod";
import { atLeastOneField, displayName, objectId, timestamp } from "./common";

const stepName = displayName.describe("Step label");
/** "A pageview step needs url" rather than zod's "expected string, received undefined". */
const needs = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? message : undefined);

// Component ids: the OpenAPI document lists the two kinds of step once and maps `type` to each.
export const pageviewStep = z
  .object({
    name: stepName,
    type: z.literal("pageview").describe("A visit to a page completes the step"),
    url: z
      .string({ error: needs("A pageview step needs url") })
      .trim()
      .min(1)
      .max(500)
      .describe("The path, e.g. /pricing (* as wildcard)"),
  })
  .strict()
  .meta({ id: "FunnelPageviewStep" });

export const goalStep = z
  .object({
    name: stepName,
    type: z.literal("goal").describe("A goal completes the step"),
    goalName: z
      .string({ error: needs("A goal step needs goalName") })
      .trim()
      .min(1)
      .max(100)
      .describe("The goal's name"),
  })
  .strict()
  .meta({ id: "FunnelGoalStep" });

/** A step, told apart by `type`: a pageview step has `url`, a goal step `goalName`. */
export const funnelStep = z.discriminatedUnion("type", [pageviewStep, goalStep]);

const steps = z.array(funnelStep).min(2, "A funnel has at least 2 steps").max(8, "A funnel has at most 8 steps");
const name = displayName;

export const funnelParams = z.object({ websiteId: objectId, funnelId: objectId.describe("Funnel ObjectId") });
export const createFunnelBody = z.object({ name: name.describe("Funnel name, unique on the website"), steps }).strict();
export const updateFunnelBody = atLeastOneField(z.object({ name: name.optional(), steps: steps.optional() }).strict());

export const funnelResponse = z.object({
  _id: objectId.describe("Funnel ObjectId"),
  websiteId: objectId.describe("Website ObjectId"),
  name: z.string().describe("Funnel name"),
  steps: z.array(funnelStep).describe("The steps, in order"),
  createdAt: timestamp.describe("Creation timestamp"),
  updatedAt: timestamp.describe("Last update"),
});

export type FunnelStep = z.infer<typeof funnelStep>;
export type Funnel = z.infer<typeof funnelResponse>;
