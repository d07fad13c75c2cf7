import { z } from 'zod';
import { passwordLimits } from '../auth/auth.schema.js';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';

/** A passkey as its owner sees it: never its public key or counter. */
export const passkeySchema = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: isoDateSchema,
  lastUsedAt: isoDateSchema.nullable(),
});
export type Passkey = z.infer<typeof passkeySchema>;
export const passkeyListSchema = z.object({ items: z.array(passkeySchema), total: z.number().int() });

/** Options for `navigator.credentials.create/get`, in WebAuthn's JSON form, and the challenge's id. */
export const passkeyOptionsSchema = z.object({
  challengeId: idSchema,
  options: z.record(z.string(), z.unknown()),
});
export type PasskeyOptions = z.infer<typeof passkeyOptionsSchema>;

/** The browser's credential, as `PublicKeyCredential.toJSON()` gives it. */
const credentialResponse = z
  .object({
    id: z.string().min(1, 'is required').max(1024),
    rawId: z.string().max(1024),
    type: z.literal('public-key', { message: 'must be public-key' }),
    response: z.record(z.string(), z.unknown()),
  })
  .passthrough();

/**
 * Asking to add a passkey: from a passkey sign-in nothing more; from a password sign-in, a
 * first passkey only, with the password entered again.
 */
export const startPasskeyRegistrationInput = z
  .object({ password: z.string().min(1, 'is required').max(passwordLimits.max).optional() })
  .optional();
export type StartPasskeyRegistrationInput = z.infer<typeof startPasskeyRegistrationInput>;

export const finishPasskeyRegistrationInput = z.object({
  challengeId: idSchema,
  response: credentialResponse,
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters').optional(),
});
export type FinishPasskeyRegistrationInput = z.infer<typeof finishPasskeyRegistrationInput>;

export const finishPasskeyLoginInput = z.object({ challengeId: idSchema, response: credentialResponse });
export type FinishPasskeyLoginInput = z.infer<typeof finishPasskeyLoginInput>;
