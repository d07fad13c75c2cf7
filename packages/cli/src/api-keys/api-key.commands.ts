import type { ApiKey } from '@ocore/core';
import type { Command } from 'commander';
import { formatTable, formatTime, type CliIo } from '../shared/output.js';
import { withQuery, withSession, withRef } from '../shared/session.js';

function formatKeys(list: { items: readonly ApiKey[] }): string {
  return formatTable(list.items, [
    { header: 'id', value: (k) => k.id },
    { header: 'name', value: (k) => k.name },
    { header: 'role', value: (k) => k.role },
    { header: 'key', value: (k) => `${k.prefix}…` },
    { header: 'last used', value: (k) => formatTime(k.lastUsedAt) },
  ]);
}

/** `ocore api-key create|list|revoke`. */
export function registerApiKeyCommands(program: Command, io: CliIo): void {
  const keys = program
    .command('api-key')
    .description('API keys for scripts and CI (use one as --token or $OCORE_TOKEN)');

  keys
    .command('create')
    .description('create a key acting with a role in the current organization (needs manage:members)')
    .requiredOption('--name <name>', 'what the key is for')
    .requiredOption('--role <role>', 'role name (Admin, Developer, Viewer, ...) or id')
    .action(
      withSession<{ name: string; role: string }>(io, async (session, options) => {
        const created = await session.signedIn().apiKeys.create.mutate({ name: options.name, role: options.role });
        session.print(
          created,
          () =>
            `Created API key ${created.name} (${created.role}), id ${created.id}.\n${created.key}\nThis is the only time the key is shown: store it now.`,
        );
      }),
    );

  keys
    .command('list')
    .description('list the keys of the current organization (never the keys themselves)')
    .action(withQuery(io, (api) => api.apiKeys.list.query(), formatKeys));

  keys
    .command('revoke')
    .description('delete a key; it stops working at once (needs manage:members)')
    .argument('<id>', 'the key id')
    .action(
      withRef(io, async (session, _options, id) => {
        await session.signedIn().apiKeys.revoke.mutate({ id });
        session.print({ revoked: id }, () => `Revoked API key ${id}.`);
      }),
    );
}
