import { useState } from 'react';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { EmptyState } from '../../../components/empty-state';
import { Field } from '../../../components/field';
import { messageOf, toFormErrors } from '../../../lib/errors';
import { useDomainMutations, useInstanceDomains } from '../api/use-instance-domains';
import { DomainItem } from './domain-item';

/** An instance's custom domains: add one, the records to add, live DNS and certificate status. */
export function InstanceDomains({ instanceId, canManage }: { instanceId: string; canManage: boolean }) {
  const list = useInstanceDomains(instanceId);
  const { add } = useDomainMutations(instanceId);
  const [domain, setDomain] = useState('');
  if (list.isPending) return <p role="status">Loading the domains…</p>;
  if (list.error) return <Alert>{messageOf(list.error)}</Alert>;
  const errors = toFormErrors(add.error, ['domain']);
  const { items, instanceHostname, tlsAvailable } = list.data;
  return (
    <div className="instance-domains">
      {instanceHostname ? (
        <p>
          The instance answers at{' '}
          <a href={`//${instanceHostname}`} target="_blank" rel="noreferrer">
            {instanceHostname}
          </a>
          . Add your own domain, such as erp.example.com, and point it here.
        </p>
      ) : null}
      {canManage ? (
        <form
          className="form form-inline"
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate({ id: instanceId, domain }, { onSuccess: () => setDomain('') });
          }}
        >
          <Field
            label="Domain"
            name="domain"
            placeholder="erp.example.com"
            value={domain}
            onChange={(event) => setDomain(event.target.value)}
            error={errors.fields['domain']}
          />
          <Button type="submit" pending={add.isPending} pendingLabel="Adding…">
            Add domain
          </Button>
          <FormError message={errors.general} />
        </form>
      ) : null}
      {items.length === 0 ? (
        <EmptyState title="No custom domains">The instance is reached at its own hostname only.</EmptyState>
      ) : (
        <ul className="instance-domain-list">
          {items.map((d) => (
            <DomainItem
              key={d.id}
              instanceId={instanceId}
              domain={d}
              tlsAvailable={tlsAvailable}
              canManage={canManage}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
