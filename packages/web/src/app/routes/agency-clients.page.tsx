import { FormError } from '../../components/alert';
import { Button } from '../../components/button';
import { Loading, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { hasPermission, useMe } from '../../lib/use-me';
import { useClients } from '../../features/agency/api/use-clients';
import { AgencyPage } from '../../features/agency/components/agency-page';
import { ClientsTable } from '../../features/agency/components/clients-table';
import { CreateClientForm } from '../../features/agency/components/create-client-form';

export function AgencyClientsPage() {
  const me = useMe();
  const clients = useClients(true);
  const canManage = hasPermission(me.data, 'manage:agency');
  const rows = clients.data?.pages.flatMap((page) => page.items) ?? [];
  const total = clients.data?.pages[0]?.total;

  return (
    <AgencyPage title="Clients" description="One organization per client. Open one to work in it as its Admin.">
      <Section title={total === undefined ? 'Clients' : `Clients (${total})`}>
        {clients.isPending ? <Loading what="clients" /> : null}
        {clients.isError ? <FormError message={messageOf(clients.error)} /> : null}
        {clients.isSuccess ? <ClientsTable clients={rows} canManage={canManage} /> : null}
        {clients.hasNextPage ? (
          <div className="form-actions">
            <Button
              variant="secondary"
              pending={clients.isFetchingNextPage}
              pendingLabel="Loading…"
              onClick={() => void clients.fetchNextPage()}
            >
              Load more
            </Button>
          </div>
        ) : null}
      </Section>
      <Section title="New client">
        {canManage ? (
          <CreateClientForm />
        ) : (
          <p className="muted">
            Creating clients needs the <code>manage:agency</code> permission. Ask an Owner or Admin.
          </p>
        )}
      </Section>
    </AgencyPage>
  );
}
