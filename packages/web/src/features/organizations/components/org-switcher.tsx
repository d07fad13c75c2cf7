import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useSwitchOrg } from '../../../lib/use-switch-org';

export interface OrgSwitcherProps {
  /** Go to the home page after every switch (the portal, whose pages depend on the organization). */
  homeOnSwitch?: boolean;
}

/**
 * The header's organization picker: every organization the user belongs to, and the client
 * organization an agency operator stepped into.
 */
export function OrgSwitcher({ homeOnSwitch = false }: OrgSwitcherProps) {
  const trpc = useTRPC();
  const me = useMe();
  const navigate = useNavigate();
  const orgs = useQuery(trpc.organizations.listMine.queryOptions());
  const switchOrg = useSwitchOrg();
  const current = me.data?.organization ?? null;
  const isOperating = Boolean(current && orgs.data && !orgs.data.items.some((org) => org.id === current.id));
  const choose = (organizationId: string) => {
    // A client organization the user belongs to opens as its portal, which has other pages.
    const target = orgs.data?.items.find((org) => org.id === organizationId);
    const leavesPage = homeOnSwitch || Boolean(target?.parentOrganizationId);
    switchOrg.mutate(
      { organizationId },
      {
        onSuccess: () => {
          if (leavesPage) void navigate('/');
        },
      },
    );
  };
  // Show the chosen organization while the switch is under way, not the old one.
  const selected = switchOrg.isPending ? switchOrg.variables.organizationId : (current?.id ?? '');

  return (
    <div className="org-switcher">
      {current?.logoUrl ? <img className="org-logo" src={current.logoUrl} alt="" referrerPolicy="no-referrer" /> : null}
      <label htmlFor="org-switcher" className="visually-hidden">
        Current organization
      </label>
      <select
        id="org-switcher"
        value={selected}
        disabled={switchOrg.isPending || !orgs.data}
        onChange={(event) => choose(event.target.value)}
      >
        {!current ? <option value="">No organization</option> : null}
        {current && isOperating ? <option value={current.id}>{current.name} (as operator)</option> : null}
        {orgs.data?.items.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
      {switchOrg.error ? (
        <p className="field-error" role="alert">
          {messageOf(switchOrg.error)}
        </p>
      ) : null}
    </div>
  );
}
