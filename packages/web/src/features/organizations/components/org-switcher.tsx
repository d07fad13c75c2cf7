import { useQuery } from '@tanstack/react-query';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useMe } from '../../auth/api/use-me';
import { useSwitchOrg } from '../api/use-switch-org';

/** The header's organization picker: every organization the user belongs to. */
export function OrgSwitcher() {
  const trpc = useTRPC();
  const me = useMe();
  const orgs = useQuery(trpc.organizations.listMine.queryOptions());
  const switchOrg = useSwitchOrg();
  const current = me.data?.organization ?? null;
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
        onChange={(event) => switchOrg.mutate({ organizationId: event.target.value })}
      >
        {!current ? <option value="">No organization</option> : null}
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
