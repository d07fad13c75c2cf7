import { useSearchParams } from 'react-router';
import { FormError } from '../../components/alert';
import { LoadMore } from '../../components/list-controls';
import { EmptyState } from '../../components/empty-state';
import { Loading, Page, Section } from '../../components/layout';
import { errorCodeOf, toFormErrors } from '../../lib/errors';
import { hasPermission, useMe } from '../../lib/use-me';
import { useAuditActions, useAuditLog, type AuditFilters } from '../../features/audit/api/use-audit-log';
import { AuditFiltersForm } from '../../features/audit/components/audit-filters';
import { AuditTable } from '../../features/audit/components/audit-table';

const filterFields = ['action', 'actor', 'since', 'until'] as const;

function NotAllowed() {
  return (
    <Page title="Audit log">
      <EmptyState title="The audit log is for Owners and Admins">
        <p>
          It records who changed what, from which address, so reading it needs the <code>view:audit_log</code>{' '}
          permission. Ask an Owner or Admin if you need to see it.
        </p>
      </EmptyState>
    </Page>
  );
}

export function AuditLogPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = {
    action: params.get('action') ?? '',
    actor: params.get('actor') ?? '',
    since: params.get('since') ?? '',
    until: params.get('until') ?? '',
  };
  const setFilters = (next: AuditFilters) =>
    setParams(new URLSearchParams(Object.entries(next).filter(([, value]) => value !== '')), { replace: true });
  const canView = hasPermission(me.data, 'view:audit_log');
  const log = useAuditLog(filters, canView);
  const actions = useAuditActions(canView);

  if (me.isPending) return <Loading what="the audit log" />;
  if (!canView || errorCodeOf(log.error) === 'PERMISSION_DENIED') return <NotAllowed />;

  const errors = toFormErrors(log.error, filterFields);
  // An unknown actor email is the only "not found" a filter can cause.
  const unknownActor = errorCodeOf(log.error) === 'NOT_FOUND' && filters.actor !== '';
  const fieldErrors = unknownActor ? { ...errors.fields, actor: 'No user has this email.' } : errors.fields;
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const isFiltered = Object.values(filters).some(Boolean);

  return (
    <Page title="Audit log" description="Who changed what in this organization, newest first.">
      <Section title="Filters">
        <AuditFiltersForm
          // Filters changed in the URL (back button, a link) show in the form.
          key={params.toString()}
          actions={actions.data?.items ?? []}
          filters={filters}
          onApply={setFilters}
          errors={fieldErrors}
          // Only a new set of filters waits with nothing to show; live refreshes happen quietly.
          pending={log.isPending}
        />
      </Section>
      <Section title="Entries">
        {log.isPending ? <Loading what="entries" /> : null}
        {log.isError && !unknownActor ? <FormError message={errors.general} /> : null}
        {log.isSuccess && entries.length === 0 ? (
          <EmptyState title={isFiltered ? 'No entries match these filters' : 'Nothing recorded yet'}>
            {isFiltered
              ? 'Try a wider date range, or clear the filters.'
              : 'Changes to the organization, its members and its settings appear here as they happen.'}
          </EmptyState>
        ) : null}
        {entries.length > 0 ? <AuditTable entries={entries} /> : null}
        <LoadMore query={log} />
      </Section>
    </Page>
  );
}
