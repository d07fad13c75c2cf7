import { clientSorts, type ClientSort } from '@ocore/core';
import { Section } from '../../components/layout';
import { PagedList } from '../../components/paged-list';
import { useListParams } from '../../lib/use-list-params';
import { hasPermission, useMe } from '../../lib/use-me';
import { useClients } from '../../features/agency/api/use-clients';
import { AgencyPage } from '../../features/agency/components/agency-page';
import { ClientsTable } from '../../features/agency/components/clients-table';
import { CreateClientForm } from '../../features/agency/components/create-client-form';

export function AgencyClientsPage() {
  const me = useMe();
  const params = useListParams<ClientSort>(clientSorts);
  const clients = useClients(true, params.input);
  const canManage = hasPermission(me.data, 'manage:agency');

  return (
    <AgencyPage title="Clients" description="One organization per client. Open one to work in it as its Admin.">
      <PagedList title="Clients" what="clients" params={params} query={clients}>
        {(rows, empty) => <ClientsTable clients={rows} canManage={canManage} sorting={params.sorting} empty={empty} />}
      </PagedList>
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
