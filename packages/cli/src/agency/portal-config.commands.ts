import {
  infrastructureVisibilities,
  portalFeatureLabels,
  type InfrastructureVisibility,
  type UpdatePortalConfigInput,
} from '@ocore/core';
import { Option, type Command } from 'commander';
import { parseOnOff } from '../shared/option-parsers.js';
import type { CliIo } from '../shared/output.js';
import { withQuery, withSession, type Session } from '../shared/session.js';
import { requireChange } from '../shared/update-input.js';
import { formatPortalConfig } from './portal-config.format.js';
import { portalFeatureFlags, type PortalFeatureOption } from './portal-config.options.js';

type SetOptions = Partial<Record<PortalFeatureOption, boolean>> & {
  infrastructureVisibility?: InfrastructureVisibility;
};

/** The partial update the options ask for; a usage error when they ask for nothing. */
function updateInput(options: SetOptions): UpdatePortalConfigInput {
  const input: UpdatePortalConfigInput = {};
  for (const { feature, option } of portalFeatureFlags) {
    const value = options[option];
    if (value !== undefined) input[feature] = value;
  }
  if (options.infrastructureVisibility !== undefined) input.infrastructureVisibility = options.infrastructureVisibility;
  return requireChange(
    input,
    'nothing to change: pass at least one setting; see `ocore agency portal-config set --help`',
  );
}

async function setPortalConfig(session: Session, options: SetOptions): Promise<void> {
  const updated = await session.signedIn().agency.updatePortalConfig.mutate(updateInput(options));
  session.print(updated, () => `Updated the client portal configuration.\n${formatPortalConfig(updated)}`);
}

/** `ocore agency portal-config get|set`. */
export function registerPortalConfigCommands(agency: Command, io: CliIo): void {
  const config = agency.command('portal-config').description('which features clients can see and use in their portal');

  config
    .command('get')
    .description('show the feature toggles and the infrastructure visibility (needs view:agency)')
    .action(withQuery(io, (api) => api.agency.getPortalConfig.query(), formatPortalConfig));

  const set = config
    .command('set')
    .description('turn some features on or off for clients, leaving the others (needs manage:agency)');
  for (const { feature, flag } of portalFeatureFlags) {
    set.option(`--${flag} <on|off>`, `client access to ${portalFeatureLabels[feature].toLowerCase()}`, parseOnOff);
  }
  set
    .addOption(
      new Option('--infrastructure-visibility <level>', 'how much server detail clients see').choices(
        infrastructureVisibilities,
      ),
    )
    .action(withSession<SetOptions>(io, setPortalConfig));
}
