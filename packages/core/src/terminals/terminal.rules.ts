import type { PortalFeature } from '../agency/agency.schema.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import { runtimeNames } from '../instances/instance.rules.js';
import type { TerminalKind } from './terminal.schema.js';

/** The user every session runs as: Odoo's own, never root. */
export const terminalUser = 'odoo';

/** How long a ticket stays valid: it is redeemed right after it is issued. */
export const terminalTicketTtlMs = 60_000;

/** The portal switch each kind of session depends on for a client's members. */
export const terminalFeature: Readonly<Record<TerminalKind, PortalFeature>> = {
  shell: 'featureTerminal',
  odoo: 'featureOdooShell',
};

/** Session limits: an idle session ends, and none lasts beyond the maximum. */
export interface TerminalLimits {
  idleMs: number;
  maxMs: number;
}

export const defaultTerminalLimits: TerminalLimits = { idleMs: 15 * 60_000, maxMs: 8 * 60 * 60_000 };

/**
 * Where and what a session runs: always the instance's own container (named from its id),
 * as the Odoo user, with a command chosen here, never taken from the request.
 */
export function terminalCommand(instance: Pick<InstanceRecord, 'id' | 'organizationId'>, kind: TerminalKind) {
  const names = runtimeNames(instance);
  const command =
    kind === 'odoo' ? ['odoo', 'shell', '-c', '/etc/odoo/odoo.conf', '-d', names.database] : ['/bin/bash', '--login'];
  return {
    container: names.container,
    command,
    user: terminalUser,
    env: { TERM: 'xterm-256color', HOME: '/var/lib/odoo', SHELL: '/bin/bash' },
    workdir: '/var/lib/odoo',
  };
}
