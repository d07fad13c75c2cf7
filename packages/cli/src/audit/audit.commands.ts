import { auditLogLimits, type ListAuditLogInput } from '@ocore/core';
import type { Command } from 'commander';
import { parseInstant } from '../shared/option-parsers.js';
import type { CliIo } from '../shared/output.js';
import { addPagingOptions, fetchAllPages, type PagingOptions } from '../shared/paging.js';
import { withSession, type Session } from '../shared/session.js';
import { formatAuditLog } from './audit.format.js';

interface AuditLogOptions extends PagingOptions {
  since?: string;
  until?: string;
  action?: string;
  actor?: string;
  targetType?: string;
  targetId?: string;
}

async function listAuditLog(session: Session, options: AuditLogOptions): Promise<void> {
  const filter: ListAuditLogInput = {
    since: options.since,
    until: options.until,
    action: options.action,
    actor: options.actor,
    targetType: options.targetType,
    targetId: options.targetId,
    limit: options.limit,
    cursor: options.cursor,
  };
  const api = session.signedIn();
  const page = options.all
    ? await fetchAllPages((cursor) => api.audit.list.query({ ...filter, cursor }), filter.cursor)
    : await api.audit.list.query(filter);
  session.print(page, () => formatAuditLog(page.items, page.nextCursor));
}

/** `ocore org audit-log`. */
export function registerAuditCommands(org: Command, io: CliIo): void {
  const command = org
    .command('audit-log')
    .description('who changed what in the current organization, newest first (needs view:audit_log)')
    .option('--since <iso>', 'only entries at or after this date or time', parseInstant)
    .option('--until <iso>', 'only entries before this date or time', parseInstant)
    .option('--action <action>', 'only this action, e.g. org_settings.updated')
    .option('--actor <email|id>', 'only what this user did')
    .option('--target-type <type>', 'only entries about this kind of target, e.g. org_settings')
    .option('--target-id <id>', 'only entries about this target');
  addPagingOptions(command, 'entries', auditLogLimits, 'log').action(withSession<AuditLogOptions>(io, listAuditLog));
}
