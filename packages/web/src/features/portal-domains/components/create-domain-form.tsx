import type { ClientOrg } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { Field, SelectField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';
import { useUpdateDomainList } from '../api/use-portal-domains';
import { upsertDomain } from '../utils/domain-cache';
import { domainName } from '../utils/domain-status';

const fields = ['subdomain', 'customDomain', 'clientOrgId'] as const;

export interface CreateDomainFormProps {
  clients: readonly ClientOrg[];
  baseDomain: string | undefined;
}

/** A new portal domain (manage:agency): a subdomain, a custom domain, or both, for a client or the agency. */
export function CreateDomainForm({ clients, baseDomain }: CreateDomainFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const updateList = useUpdateDomainList();
  const formRef = useRef<HTMLFormElement>(null);
  const notify = useToast();
  const create = useMutation(
    trpc.portalDomains.create.mutationOptions({
      onSuccess: async (domain) => {
        notify(
          `${domainName(domain, baseDomain)} was added. ${domain.customDomain ? 'Add the DNS record shown on its card, then press Verify now.' : 'It is active now.'}`,
        );
        formRef.current?.reset();
        updateList((list) => upsertDomain(list, domain, true));
        await queryClient.invalidateQueries({ queryKey: trpc.agency.overview.queryKey() });
      },
    }),
  );
  const errors = toFormErrors(create.error, fields);

  return (
    <form
      data-shortcut="new"
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event) => {
        const values = readForm(event, fields);
        const subdomain = values.subdomain.trim();
        const customDomain = values.customDomain.trim();
        create.mutate({
          ...(subdomain ? { subdomain } : {}),
          ...(customDomain ? { customDomain } : {}),
          ...(values.clientOrgId ? { clientOrgId: values.clientOrgId } : {}),
        });
      }}
    >
      <FormError message={errors.general} />
      <Field
        label="Subdomain"
        name="subdomain"
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        placeholder="acme"
        hint={`One label under the platform’s portal domain${baseDomain ? ` (acme.${baseDomain})` : ''}: lowercase letters, digits and hyphens. Active at once.`}
        error={errors.fields['subdomain']}
      />
      <Field
        label="Custom domain"
        name="customDomain"
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        inputMode="url"
        placeholder="erp.acme.com"
        hint="A domain of yours or the client’s. Active once its DNS record is verified."
        error={errors.fields['customDomain']}
      />
      <SelectField
        label="Client"
        name="clientOrgId"
        defaultValue=""
        hint="Whose portal opens at this domain."
        error={errors.fields['clientOrgId']}
      >
        <option value="">None: the agency’s own portal</option>
        {clients.map((client) => (
          <option key={client.id} value={client.id}>
            {client.name}
          </option>
        ))}
      </SelectField>
      <p className="field-hint">Give a subdomain, a custom domain, or both.</p>
      <div className="form-actions">
        <Button type="submit" pending={create.isPending} pendingLabel="Adding…">
          Add domain
        </Button>
      </div>
    </form>
  );
}
