import { auditLogLimits, type AuditEntryView, type ListAuditLogInput } from '@ocore/core';
import type { Command } from 'commander';
import type { ApiClient } from '../shared/client.js';
import { CliError } from '../shared/errors.js';
import { parseInstant, wholeNumberIn } from '../shared/option-parsers.js';
import type { CliIo } from '../shared/output.js';
import { withSession, type Session } from '../shared/session.js';
import { formatAuditLog } from './audit.format.js';

interface AuditLogOptions {
  since?: string;
  until?: string;
  action?: string;
  actor?: string;
  targetType?: string;
  targetId?: string;
  limit?: number;
  cursor?: string;
  all?: boolean;
}

interface AuditPage {
  items: AuditEntryView[];
  nextCursor: string | null;
}

/** Every page from `filter.cursor` on, following nextCursor until the server says there is none. */
async function fetchAllPages(api: ApiClient, filter: ListAuditLogInput): Promise<AuditPage> {
  const items: AuditEntryView[] = [];
  let cursor = filter.cursor;
  for (;;) {
    const page = await api.audit.list.query({ ...filter, cursor });
    items.push(...page.items);
    if (page.nextCursor === null) return { items, nextCursor: null };
    // A cursor that does not move would loop forever; say so rather than hang.
    if (page.nextCursor === cursor) throw new CliError(`the server returned the same page cursor twice (${cursor})`);
    cursor = page.nextCursor;
  }
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
  const page = options.all ? await fetchAllPages(api, filter) : await api.audit.list.query(filter);
  session.print(page, () => formatAuditLog(page.items, page.nextCursor));
}

/** `ocore org audit-log`. */
export function registerAuditCommands(org: Command, io: CliIo): void {
  org
    .command('audit-log')
    .description('who changed what in the current organization, newest first (needs view:audit_log)')
    .option('--since <iso>', 'only entries at or after this date or time', parseInstant)
    .option('--until <iso>', 'only entries before this date or time', parseInstant)
    .option('--action <action>', 'only this action, e.g. org_settings.updated')
    .option('--actor <email|id>', 'only what this user did')
    .option('--target-type <type>', 'only entries about this kind of target, e.g. org_settings')
    .option('--target-id <id>', 'only entries about this target')
    .option(
      '--limit <n>',
      `entries per page, 1-${auditLogLimits.maxLimit} (default ${auditLogLimits.defaultLimit})`,
      wholeNumberIn(1, auditLogLimits.maxLimit),
    )
    .option('--cursor <cursor>', 'start after a previous page (the cursor it printed)')
    .option('--all', 'follow the pages to the end of the log')
    .action(withSession<AuditLogOptions>(io, listAuditLog));
}
