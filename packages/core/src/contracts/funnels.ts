// Funnels: 2–8 ordered steps, each a pageview (url) or a goal (goalName).
import { z } from "zod";
import { displayName, objectId, timestamp } from "./common";

export const funnelStep = z
  .object({
    name: displayName.describe("Step label"),
    type: z.enum(["pageview", "goal"]).describe("What completes the step"),
    url: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe("For pageview steps: the path, e.g. /pricing (* as wildcard)"),
    goalName: z.string().trim().min(1).max(100).optional().describe("For goal steps: the goal's name"),
  })
  .strict()
  .refine((step) => (step.type === "pageview" ? Boolean(step.url) : Boolean(step.goalName)), {
    message: "A pageview step needs url; a goal step needs goalName",
  });

const steps = z.array(funnelStep).min(2, "A funnel has at least 2 steps").max(8, "A funnel has at most 8 steps");
const name = displayName;

export const funnelParams = z.object({ websiteId: objectId, funnelId: objectId.describe("Funnel ObjectId") });
export const createFunnelBody = z.object({ name: name.describe("Funnel name, unique on the website"), steps }).strict();
export const updateFunnelBody = z
  .object({ name: name.optional(), steps: steps.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "Give at least one field to update" });

export const funnelResponse = z.object({
  _id: objectId.describe("Funnel ObjectId"),
  websiteId: objectId.describe("Website ObjectId"),
  name: z.string().describe("Funnel name"),
  steps: z.array(
    z.object({
      name: z.string(),
      type: z.enum(["pageview", "goal"]),
      url: z.string().optional(),
      goalName: z.string().optional(),
    }),
  ),
  createdAt: timestamp.describe("Creation timestamp"),
  updatedAt: timestamp.describe("Last update"),
});

export type FunnelStep = z.infer<typeof funnelStep>;
export type Funnel = z.infer<typeof funnelResponse>;
