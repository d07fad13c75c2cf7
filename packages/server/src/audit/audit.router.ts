import { auditLogPageSchema, listAuditLog, listAuditLogInput } from '@ocore/core';
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
});
