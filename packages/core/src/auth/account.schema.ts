import { z } from 'zod';
import { idSchema, isoDateSchema, listOf } from '../shared/common.schema.js';
import { emailSchema, passwordLimits, passwordSchema } from './auth.schema.js';

/** A secret sent by mail (invitation or reset link): bounded, URL-safe. */
export const mailedTokenSchema = z
  .string()
  .min(20, 'is too short to be a link token')
  .max(200, 'must be at most 200 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'must be the token from the link');

export const passwordResetRequestInput = z.object({ email: emailSchema });
export const passwordResetConfirmInput = z.object({ token: mailedTokenSchema, password: passwordSchema });
export type PasswordResetConfirmInput = z.infer<typeof passwordResetConfirmInput>;

export const changePasswordInput = z.object({
  currentPassword: z
    .string()
    .min(1, 'is required')
    .max(passwordLimits.max, `must be at most ${passwordLimits.max} characters`),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

/** What every account request answers when it must not tell whether an address is registered. */
export const acceptedSchema = z.object({ status: z.literal('accepted'), message: z.string() });

export const sessionSchema = z.object({
  id: idSchema,
  ip: z.string().nullable(),
  passkey: z.boolean(),
  createdAt: isoDateSchema,
  lastUsedAt: isoDateSchema,
  expiresAt: isoDateSchema,
  /** The session of the token that asked. */
  current: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;
export const sessionListSchema = listOf(sessionSchema);

export const endSessionInput = z.object({ id: idSchema });
export const endedSessionsSchema = z.object({ ended: z.number().int() });

export const verifyEmailInput = z.object({ token: mailedTokenSchema });
export const emailVerifiedSchema = z.object({ emailVerified: z.literal(true) });
