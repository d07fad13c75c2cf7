import { auditActionsSchema, auditLogPageSchema, listAuditActions, listAuditLog, listAuditLogInput } from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

export const auditRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/audit-log',
        tags: ['Audit Log'],
        protect: true,
        summary: 'The audit log, newest first, with filters and keyset pagination (view:audit_log)',
      },
    })
    .input(listAuditLogInput)
    .output(auditLogPageSchema)
    .query(({ ctx, input }) => listAuditLog(ctx.deps, ctx.actor, input)),
  actions: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/audit-log/actions',
        tags: ['Audit Log'],
        protect: true,
        summary: "The actions the organization's audit log holds, for its action filter (view:audit_log)",
      },
    })
    .input(z.void())
    .output(auditActionsSchema)
    .query(({ ctx }) => listAuditActions(ctx.deps, ctx.actor)),
});
