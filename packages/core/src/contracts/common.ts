// Building blocks shared by every contract: ids, timestamps and the DataFast envelope.
import { z } from "zod";
import { OBJECT_ID } from "../ids";

export const objectId = z
  .string()
  .regex(OBJECT_ID, "Must be a 24-character hex ObjectId")
  .describe("ObjectId, 24 hex characters. Example: 665f0b3c4d2e1a0012345678");

export const timestamp = z.string().describe("ISO 8601 timestamp in UTC, e.g. 2026-05-21T00:00:00.000Z");

// C0 controls, DEL, and the bidi overrides that make "exe.txt" display as "txt.exe".
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const UNSAFE_TEXT = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** A one-line label: trimmed, 1–100 characters, no control or bidirectional-override characters. */
export const displayName = z
  .string()
  .trim()
  .min(1, "Must not be empty")
  .max(100, "Must be at most 100 characters")
  .refine((value) => !UNSAFE_TEXT.test(value), {
    message: "Must not contain control or bidirectional-override characters",
  });

export const optionalName = displayName
  .nullish()
  .describe('Label shown in the dashboard. Example: "Production backend". Omit for null.');

/** `{"status":"success","data":[...]}`: data is always an array, even for one object. */
export function success<T extends z.ZodType>(item: T) {
  return z.object({ status: z.literal("success"), data: z.array(item) });
}

/**
 * An update body: at least one of its fields, stated in the schema (`minProperties: 1`) so the
 * document says what the refinement enforces. Unknown keys are refused by the `.strict()` object.
 */
export function atLeastOneField<T extends z.ZodObject>(body: T) {
  return body
    .refine((value) => Object.keys(value).length > 0, { message: "Give at least one field to update" })
    .meta({ minProperties: 1, description: "Give at least one field; those left out keep their value" });
}

export const errorEnvelope = z
  .object({
    status: z.literal("error"),
    error: z.object({
      code: z.number().int().describe("HTTP status code"),
      message: z.string().describe("Human-readable reason"),
      details: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe("Field-level problems, on validation errors"),
    }),
  })
  .describe("Error envelope");

export const deletedResponse = z.object({ deleted: z.literal(true).describe("Always true") });
export const messageResponse = z.object({ message: z.string().describe("What happened") });

/** A page of a cursor-paginated list: pass `nextCursor` back as `cursor` for the next page. */
export function page<T extends z.ZodType>(item: T) {
  return success(item).extend({
    nextCursor: z.string().nullable().describe("Cursor of the next page; null on the last page"),
  });
}
