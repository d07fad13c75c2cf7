import { z } from 'zod';
import { boundedText, idSchema, isoDateSchema, listOf } from '../shared/common.schema.js';
import { roleRefSchema } from '../members/member.schema.js';

/** Every API key starts so, which tells it apart from a sign-in token. */
export const apiKeyPrefix = 'ocore_';

export const apiKeySchema = z.object({
  id: idSchema,
  name: z.string(),
  role: z.string(),
  roleId: idSchema,
  prefix: z.string(),
  createdByUserId: idSchema,
  createdAt: isoDateSchema,
  lastUsedAt: isoDateSchema.nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;
export const apiKeyListSchema = listOf(apiKeySchema);

/** The answer to creating a key: the only time the key itself is shown. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const createApiKeyInput = z.object({ name: boundedText(1, 100), role: roleRefSchema });
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

export const apiKeyIdInput = z.object({ id: idSchema });
