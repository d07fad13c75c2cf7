import { listQueryInput, pageSchema } from '../shared/list-query.js';
import { z } from 'zod';
import { idSchema, isoDateSchema, listOf } from '../shared/common.schema.js';

export const roleSchema = z.object({
  id: idSchema,
  name: z.string(),
  isSystem: z.boolean(),
  permissions: z.array(z.string()),
  memberCount: z.number().int(),
});
export type Role = z.infer<typeof roleSchema>;
export const roleListSchema = listOf(roleSchema);

export const memberSchema = z.object({
  userId: idSchema,
  email: z.string(),
  name: z.string(),
  role: z.string(),
  roleId: idSchema,
  joinedAt: isoDateSchema,
});
export type Member = z.infer<typeof memberSchema>;
export const memberListSchema = pageSchema(memberSchema);

/** The member list's sorts; it searches names and emails. */
export const memberSorts = ['name', 'email', 'role', 'joinedAt'] as const;
export type MemberSort = (typeof memberSorts)[number];
export const listMembersInput = listQueryInput(memberSorts, { roleId: idSchema.optional() });
export type ListMembersInput = z.infer<typeof listMembersInput>;

/** A role named by its name (`Admin`, case-insensitive) or its id. */
export const roleRefSchema = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');

export const setMemberRoleInput = z.object({ userId: idSchema, role: roleRefSchema });
export type SetMemberRoleInput = z.infer<typeof setMemberRoleInput>;

export const removeMemberInput = z.object({ userId: idSchema });
