import type { Permission } from '@ocore/core';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';
import { hasPermission, useMe } from '../../../lib/use-me';

export interface SetupStep {
  id: 'agency' | 'server' | 'client' | 'template' | 'instance';
  title: string;
  description: string;
  to: string;
  action: string;
  /** Null while the data that tells is loading. */
  done: boolean | null;
}

/** Whether any row exists, from a list query's answer; null while it loads. */
function hasAny(query: { data?: { items: readonly unknown[] } | undefined }): boolean | null {
  return query.data ? query.data.items.length > 0 : null;
}

/**
 * The first things an organization sets up, each marked done from what exists (not from a form
 * once submitted), and only those the user's role may see.
 */
export function useSetupSteps(): { steps: SetupStep[]; isPending: boolean } {
  const trpc = useTRPC();
  const me = useMe();
  const can = (permission: Permission) => hasPermission(me.data, permission);
  const isClientOrg = Boolean(me.data?.organization?.parentOrganizationId);
  const showAgency = can('view:agency') && !isClientOrg;
  const agency = useQuery(trpc.agency.overview.queryOptions(undefined, { enabled: showAgency }));
  const servers = useQuery(trpc.servers.list.queryOptions(undefined, { enabled: can('view:servers') }));
  const templates = useQuery(trpc.templates.list.queryOptions(undefined, { enabled: can('view:templates') }));
  const instances = useQuery(trpc.instances.list.queryOptions(undefined, { enabled: can('view:instances') }));
  const agencyOn = agency.data ? agency.data.enabled : null;

  const all: (SetupStep & { shown: boolean })[] = [
    {
      id: 'agency',
      shown: showAgency,
      title: 'Enable agency mode',
      description: 'Host Odoo for clients, each in an organization of its own, with a branded portal.',
      to: '/agency',
      action: 'Agency',
      done: agencyOn,
    },
    {
      id: 'server',
      shown: can('view:servers'),
      title: 'Add a server',
      description: 'A machine reached over SSH, with Docker, where instances run.',
      to: '/servers',
      action: 'Servers',
      done: hasAny(servers),
    },
    {
      id: 'client',
      shown: showAgency,
      title: 'Create a client',
      description: 'An organization for a customer, which signs in to your portal.',
      to: agencyOn ? '/agency/clients' : '/agency',
      action: 'Clients',
      done: agency.data ? agency.data.clientCount > 0 : null,
    },
    {
      id: 'template',
      shown: can('view:templates'),
      title: 'Create a template',
      description: 'An Odoo version with its modules and settings, to provision instances from.',
      to: '/templates',
      action: 'Templates',
      done: hasAny(templates),
    },
    {
      id: 'instance',
      shown: can('view:instances'),
      title: 'Provision an instance',
      description: 'A running Odoo, from a template, on one of your servers.',
      to: '/instances',
      action: 'Instances',
      done: hasAny(instances),
    },
  ];
  const steps = all.filter((step) => step.shown).map(({ shown: _shown, ...step }) => step);
  return { steps, isPending: me.isPending };
}
