// Alerts: a message sent when a goal happens. At most 25 per website.
import { z } from "zod";
import { atLeastOneField, displayName, objectId, timestamp } from "./common";

const name = displayName.describe("Alert name");
const trigger = z
  .object({ goalName: z.string().trim().min(1, "Must not be empty").max(100).describe("Goal that fires the alert") })
  .strict();
const template = z
  .object({
    message: z
      .string()
      .min(10, "Must be at least 10 characters")
      .max(2000, "Must be at most 2000 characters")
      .describe("Message body, 10–2000 characters"),
    subject: z.string().max(200, "Must be at most 200 characters").optional().describe("Optional subject line"),
  })
  .strict();

export const alertParams = z.object({ websiteId: objectId, alertId: objectId.describe("Alert ObjectId") });
export const createAlertBody = z.object({ name, trigger, template, isEnabled: z.boolean().default(true) }).strict();
export const updateAlertBody = atLeastOneField(
  z
    .object({
      name: name.optional(),
      trigger: trigger.optional(),
      template: template.optional(),
      isEnabled: z.boolean().optional(),
    })
    .strict(),
);

export const alertResponse = z.object({
  _id: objectId.describe("Alert ObjectId"),
  websiteId: objectId.describe("Website ObjectId"),
  name: z.string().describe("Alert name"),
  trigger: z.object({ goalName: z.string() }),
  template: z.object({ message: z.string(), subject: z.string().nullable() }),
  isEnabled: z.boolean().describe("Whether the alert fires"),
  createdAt: timestamp.describe("Creation timestamp"),
  updatedAt: timestamp.describe("Last update"),
});

export type Alert = z.infer<typeof alertResponse>;
export type CreateAlertBody = z.infer<typeof createAlertBody>;
export type UpdateAlertBody = z.infer<typeof updateAlertBody>;
