import { z } from 'zod';
import { boundedText, idSchema, isoDateSchema, listOf } from '../shared/common.schema.js';
import { emailSchema, passwordSchema } from '../auth/auth.schema.js';
import { mailedTokenSchema } from '../auth/account.schema.js';
import { roleRefSchema } from '../members/member.schema.js';

export const invitationStatuses = ['pending', 'expired'] as const;

export const invitationSchema = z.object({
  id: idSchema,
  email: z.string(),
  role: z.string(),
  roleId: idSchema,
  status: z.enum(invitationStatuses),
  invitedByUserId: idSchema.nullable(),
  createdAt: isoDateSchema,
  expiresAt: isoDateSchema,
});
export type Invitation = z.infer<typeof invitationSchema>;
export const invitationListSchema = listOf(invitationSchema);

export const createInvitationInput = z.object({ email: emailSchema, role: roleRefSchema });
export type CreateInvitationInput = z.infer<typeof createInvitationInput>;

export const invitationIdInput = z.object({ id: idSchema });

export const acceptInvitationInput = z.object({
  token: mailedTokenSchema,
  /** For a new account: the person's name. */
  name: boundedText(1, 100).optional(),
  /** A new account's password, or an existing account's to prove it is theirs. */
  password: passwordSchema.optional(),
});
export type AcceptInvitationInput = z.infer<typeof acceptInvitationInput>;
