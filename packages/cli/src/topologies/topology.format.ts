import type { HaConfig, Topology, TopologyValidation, ValidationIssue } from '@ocore/core';
import { formatFields, formatTable, formatTime } from '../shared/output.js';

const onOff = (on: boolean) => (on ? 'on' : 'off');

/** `on lb-1`: a server by its name when known, else by id. */
function onServer(serverId: string | null, serverNames: ReadonlyMap<string, string>): string {
  return serverId === null ? '' : ` on ${serverNames.get(serverId) ?? serverId}`;
}

/** The topologies as a table. */
export function formatTopologyList(topologies: readonly Topology[]): string {
  if (topologies.length === 0) {
    return 'There are no topologies yet; design one with `ocore topology create --name <name> --file topology.json`.';
  }
  return formatTable(topologies, [
    { header: 'name', value: (t) => t.name },
    { header: 'nodes', value: (t) => String(t.topologyData.nodes.length) },
    { header: 'edges', value: (t) => String(t.topologyData.edges.length) },
    { header: 'lb', value: (t) => t.haConfig.lbType },
    { header: 'filestore', value: (t) => t.haConfig.filestoreType },
    { header: 'redis', value: (t) => onOff(t.haConfig.redisEnabled) },
    { header: 'pg failover', value: (t) => onOff(t.haConfig.pgFailoverEnabled) },
    { header: 'updated', value: (t) => formatTime(t.updatedAt) },
    { header: 'id', value: (t) => t.id },
  ]);
}

/** The high-availability settings, field by field, servers by name. */
export function formatHaConfig(ha: HaConfig, serverNames: ReadonlyMap<string, string>): string {
  return formatFields([
    ['Load balancer', `${ha.lbType}${onServer(ha.lbServerId, serverNames)}`],
    ['Filestore', ha.filestoreType],
    ['Redis', `${onOff(ha.redisEnabled)}${onServer(ha.redisServerId, serverNames)}`],
    ['PostgreSQL failover', onOff(ha.pgFailoverEnabled)],
  ]);
}

/** A new topology: its size, its HA settings, and what to do next. */
export function formatCreatedTopology(topology: Topology, serverNames: ReadonlyMap<string, string>): string {
  const { nodes, edges } = topology.topologyData;
  return [
    `Created topology ${topology.name}, id ${topology.id}: ${nodes.length} nodes, ${edges.length} edges.`,
    formatHaConfig(topology.haConfig, serverNames),
    '',
    `Check it with: ocore topology validate ${topology.id}`,
  ].join('\n');
}

type Level = 'error' | 'warning';

/** Validation problems as a table: level, node (`-` for the whole topology), code and message. */
export function formatIssues(issues: ReadonlyArray<ValidationIssue & { level: Level }>): string {
  return formatTable(issues, [
    { header: 'level', value: (i) => i.level },
    { header: 'node', value: (i) => i.nodeId ?? '-' },
    { header: 'code', value: (i) => i.code },
    { header: 'message', value: (i) => i.message },
  ]);
}

const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Whether the topology may be deployed, and every error and warning with the node it is about. */
export function formatValidation(name: string, result: TopologyValidation): string {
  const { errors, warnings } = result;
  const verdict = result.valid ? `${name} is valid` : `${name} is not valid`;
  const summary = `${verdict}: ${counted(errors.length, 'error')}, ${counted(warnings.length, 'warning')}.`;
  if (errors.length + warnings.length === 0) return summary;
  const issues = [
    ...errors.map((issue) => ({ ...issue, level: 'error' as const })),
    ...warnings.map((issue) => ({ ...issue, level: 'warning' as const })),
  ];
  return `${summary}\n${formatIssues(issues)}`;
}
