import { z } from 'zod';
import { boundedText, idSchema, isoDateSchema } from '../shared/common.schema.js';
import { organizationSchema } from '../organizations/organization.schema.js';

export const passwordLimits = { min: 10, max: 256 } as const;

export const emailSchema = z
  .email({ message: 'must be a valid email address' })
  .max(254, 'must be at most 254 characters')
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string()
  .min(passwordLimits.min, `must be at least ${passwordLimits.min} characters`)
  .max(passwordLimits.max, `must be at most ${passwordLimits.max} characters`);

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  /** The address was proven by a mailed link (sign-up verification, invitation or reset). */
  emailVerified: z.boolean(),
  createdAt: isoDateSchema,
});
export type User = z.infer<typeof userSchema>;

export const signupInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: boundedText(1, 100),
});
export type SignupInput = z.infer<typeof signupInput>;

export const loginInput = z.object({
  email: emailSchema,
  password: z
    .string()
    .min(1, 'is required')
    .max(passwordLimits.max, `must be at most ${passwordLimits.max} characters`),
});
export type LoginInput = z.infer<typeof loginInput>;

export const switchOrgInput = z.object({ organizationId: idSchema });

export const authResultSchema = z.object({
  token: z.string(),
  user: userSchema,
  organization: organizationSchema.nullable(),
});
export type AuthResult = z.infer<typeof authResultSchema>;

export const switchOrgResultSchema = z.object({ token: z.string(), organization: organizationSchema });

export const meSchema = z.object({
  user: userSchema,
  organization: organizationSchema.nullable(),
  role: z.string().nullable(),
  permissions: z.array(z.string()),
});
export type Me = z.infer<typeof meSchema>;
