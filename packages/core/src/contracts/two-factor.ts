// Two-factor sign-in (TOTP): what the Account page sends to set it up, confirm it and remove it.
import { z } from "zod";

const password = z.string().min(1, "Enter your password").max(200).describe("The account's password, checked again");

/** A 6-digit code from the authenticator app, or a recovery code (`xxxxx-xxxxx`). */
export const secondFactorCode = z
  .string()
  .trim()
  .min(6, "Enter the 6-digit code from your app, or a recovery code")
  .max(32, "That is not a code")
  .describe("6-digit code from the authenticator app, or a single-use recovery code");

export const beginTwoFactorBody = z.object({ password }).strict();

export const enableTwoFactorBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{3}\s?\d{3}$/, "Enter the 6-digit code from your app")
      .describe("A current code from the newly added secret"),
  })
  .strict();

export const disableTwoFactorBody = z.object({ password, code: secondFactorCode }).strict();

export type BeginTwoFactorBody = z.infer<typeof beginTwoFactorBody>;
export type EnableTwoFactorBody = z.infer<typeof enableTwoFactorBody>;
export type DisableTwoFactorBody = z.infer<typeof disableTwoFactorBody>;
