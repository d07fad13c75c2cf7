import { useNavigate } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { useSwitchOrg } from '../../../lib/use-switch-org';
import { useOperatedClient } from '../api/use-operated-client';

/** Says that the user works in a client's organization for the agency, with the way back. */
export function OperatorBanner() {
  const operated = useOperatedClient();
  const switchOrg = useSwitchOrg();
  const navigate = useNavigate();
  if (!operated) return null;
  const { client, agency } = operated;
  return (
    <div className="flash">
      <Alert tone="info">
        <p>
          You are in <strong>{client.name}</strong> as an operator{agency ? ` of ${agency.name}` : ''}, with the
          client’s Admin role.
        </p>
        {agency ? (
          <Button
            size="sm"
            variant="secondary"
            pending={switchOrg.isPending}
            pendingLabel="Switching…"
            onClick={() =>
              switchOrg.mutate({ organizationId: agency.id }, { onSuccess: () => void navigate('/agency/clients') })
            }
          >
            Back to {agency.name}
          </Button>
        ) : null}
        {switchOrg.error ? <p className="field-error">{messageOf(switchOrg.error)}</p> : null}
      </Alert>
    </div>
  );
}
