import type { Server } from '@ocore/core';
import { formatFields, formatTable, formatTime, shorten } from '../shared/output.js';

const errorWidth = 40;

/** `root@127.0.0.5:22`; `-` when the agency hides it from a client. */
export function formatAddress(server: Server): string {
  if (server.host === null) return '-';
  const user = server.sshUser ? `${server.sshUser}@` : '';
  return `${user}${server.host}${server.port === null ? '' : `:${server.port}`}`;
}

/** `4 CPU, 8192 MB, 10 instances`; `-` when hidden. */
function formatCapacity(server: Server): string {
  const capacity = server.capacity;
  return capacity ? `${capacity.cpuCores} CPU, ${capacity.memoryMb} MB, ${capacity.maxInstances} instances` : '-';
}

/** Which credentials are stored (never what they are). */
function formatCredentials(server: Server): string {
  const kinds = [server.hasSshKey && 'key', server.hasSshPassword && 'password'].filter(Boolean);
  return kinds.length > 0 ? kinds.join(' + ') : 'none';
}

/** The servers as a table. */
export function formatServerList(servers: readonly Server[]): string {
  if (servers.length === 0) {
    return 'This organization has no servers yet; add one with `ocore server add --name <name> --host <host>`.';
  }
  return formatTable(servers, [
    { header: 'name', value: (s) => s.name },
    { header: 'address', value: formatAddress },
    { header: 'status', value: (s) => s.status },
    { header: 'ssh', value: formatCredentials },
    { header: 'capacity', value: formatCapacity },
    { header: 'last checked', value: (s) => (s.lastCheckedAt ? formatTime(s.lastCheckedAt) : 'never') },
    { header: 'check error', value: (s) => (s.lastProbeError ? shorten(s.lastProbeError, errorWidth) : '-') },
    { header: 'id', value: (s) => s.id },
  ]);
}

/** One server, field by field. */
export function formatServer(server: Server): string {
  return formatFields([
    ['Name', server.name],
    ['ID', server.id],
    ['Address', formatAddress(server)],
    ['Status', server.status],
    ['SSH credentials', formatCredentials(server)],
    ['SSH host key', server.sshHostKey ?? 'not pinned yet (taken at the first connection)'],
    ['Docker socket', server.dockerSocket ?? '-'],
    ['Capacity', formatCapacity(server)],
    [
      'Last checked',
      server.lastCheckedAt ? formatTime(server.lastCheckedAt) : 'never (`ocore server check` checks now)',
    ],
    ['Check error', server.lastProbeError ?? '-'],
    ['Created', formatTime(server.createdAt)],
  ]);
}

/** What `add` and `update` say: the server, and that deployments need credentials when it has none. */
export function formatSavedServer(verb: 'Added' | 'Updated', server: Server): string {
  const lines = [`${verb} server ${server.name}.`, formatServer(server)];
  if (!server.hasSshKey && !server.hasSshPassword) {
    lines.push('', 'It has no SSH key or password: deployments to it fail until it has one.');
  }
  return lines.join('\n');
}
