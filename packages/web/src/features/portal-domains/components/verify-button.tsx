import type { PortalDomain } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useUpdateDomainList } from '../api/use-portal-domains';
import { upsertDomain } from '../utils/domain-cache';

/** Checks the domain's DNS now and says what came out, until a later check replaces it. */
export function VerifyButton({ domain, name }: { domain: PortalDomain; name: string }) {
  const trpc = useTRPC();
  const updateList = useUpdateDomainList();
  const verify = useMutation(
    trpc.portalDomains.verify.mutationOptions({
      onSuccess: (result) => updateList((list) => upsertDomain(list, result.domain, true)),
    }),
  );
  const result = verify.data;
  const isLatest = result !== undefined && result.domain.lastCheckedAt === domain.lastCheckedAt;
  const checked = result?.diagnostics;
  // The first thing to fix: the ownership record, then where the domain points.
  const reason = checked && (checked.txt.status !== 'found' ? checked.txt.message : checked.pointing.message);

  return (
    <div className="verify">
      <Button
        variant="secondary"
        size="sm"
        pending={verify.isPending}
        pendingLabel="Checking DNS…"
        onClick={() => verify.mutate({ domainId: domain.id })}
      >
        Verify now<span className="visually-hidden"> {name}</span>
      </Button>
      {isLatest && result.verified ? <Alert tone="success">Verified: {name} is yours and points here.</Alert> : null}
      {isLatest && !result.verified ? (
        <Alert tone="warning">
          <p>
            <strong>Not verified yet</strong> (DNS {result.status}).
          </p>
          {reason ? <p>{reason}</p> : null}
        </Alert>
      ) : null}
      {verify.isError ? <p className="field-error">{messageOf(verify.error)}</p> : null}
    </div>
  );
}
