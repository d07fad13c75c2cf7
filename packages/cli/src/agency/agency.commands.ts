import type { Command } from 'commander';
import { formatOrgName, type CliIo } from '../shared/output.js';
import { withQuery, withSession, type Session } from '../shared/session.js';
import { formatOverview } from './agency.format.js';
import { registerBrandingCommands } from './branding.commands.js';
import { registerClientCommands } from './clients.commands.js';
import { registerPortalConfigCommands } from './portal-config.commands.js';
import { registerPortalDomainCommands } from './portal-domains.commands.js';

/** Turns agency mode on; says so whether or not it already was, since enabling is idempotent. */
async function enableAgency(session: Session): Promise<void> {
  const api = session.signedIn();
  const before = await api.organizations.current.query();
  const result = await api.agency.enable.mutate();
  const state = before.agencyEnabled ? 'was already on' : 'is now on';
  session.print(result, () =>
    [
      `Agency mode ${state} for ${formatOrgName(before)}.`,
      'Create a client with: ocore agency client create --name <name>',
    ].join('\n'),
  );
}

/** `ocore agency enable|overview|client|branding|portal-config|portal-domain`. */
export function registerAgencyCommands(program: Command, io: CliIo): void {
  const agency = program
    .command('agency')
    .description('agency mode: client organizations, white-label branding and client portals');

  agency
    .command('enable')
    .description('turn agency mode on for the current organization (needs manage:agency)')
    .action(withSession(io, enableAgency));

  agency
    .command('overview')
    .description('whether agency mode is on, and the client and portal domain counts (needs view:agency)')
    .action(withQuery(io, (api) => api.agency.overview.query(), formatOverview));

  registerClientCommands(agency, io);
  registerBrandingCommands(agency, io);
  registerPortalConfigCommands(agency, io);
  registerPortalDomainCommands(agency, io);
}
