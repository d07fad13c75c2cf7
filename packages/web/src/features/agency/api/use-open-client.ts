import { useNavigate } from 'react-router';
import { useSwitchOrg } from '../../../lib/use-switch-org';

/**
 * Steps into a client organization as the agency's operator: the server grants the client's
 * Admin role to members of the agency with manage:agency, and the dashboard continues there.
 */
export function useOpenClient() {
  const switchOrg = useSwitchOrg();
  const navigate = useNavigate();
  const open = (clientOrgId: string) =>
    switchOrg.mutate({ organizationId: clientOrgId }, { onSuccess: () => void navigate('/org') });
  return { open, switching: switchOrg.isPending ? switchOrg.variables.organizationId : null, error: switchOrg.error };
}
