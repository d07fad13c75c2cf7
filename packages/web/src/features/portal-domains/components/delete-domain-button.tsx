import type { PortalDomain } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { ConfirmButton } from '../../../components/confirm-button';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useUpdateDomainList } from '../api/use-portal-domains';
import { removeDomain } from '../utils/domain-cache';

/** Deletes a portal domain after asking; its portal stops answering on that name at once. */
export function DeleteDomainButton({ domain, name }: { domain: PortalDomain; name: string }) {
  const trpc = useTRPC();
  const updateList = useUpdateDomainList();
  const remove = useMutation(
    trpc.portalDomains.delete.mutationOptions({ onSuccess: () => updateList((list) => removeDomain(list, domain.id)) }),
  );
  return (
    <div className="row-action">
      <ConfirmButton
        label="Delete"
        question={`Delete ${name}? Its portal stops answering there.`}
        confirmLabel="Delete domain"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ domainId: domain.id })}
      />
      {remove.error ? <p className="field-error">{messageOf(remove.error)}</p> : null}
    </div>
  );
}
