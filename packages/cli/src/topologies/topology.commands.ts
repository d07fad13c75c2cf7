import { filestoreTypes, lbTypes, nodeKinds, topologySorts, type HaConfig, type Topology } from '@ocore/core';
import { Option, type Command } from 'commander';
import { fetchServerNames, findServer } from '../servers/server.lookup.js';
import type { ApiClient } from '../shared/client.js';
import { CliError, describeFailure } from '../shared/errors.js';
import { removeFound } from '../shared/lookup.js';
import { wholeNumberIn } from '../shared/option-parsers.js';
import type { CliIo } from '../shared/output.js';
import { addListCommand } from '../shared/list-command.js';
import { withRef, withSession, type Session } from '../shared/session.js';
import { readTopologyFile } from './topology-file.js';
import { deployTopology, showDeploymentStatus, type DeployOptions } from './topology.deploy.js';
import { formatCreatedTopology, formatHaConfig, formatTopologyList, formatValidation } from './topology.format.js';
import { findTopology } from './topology.lookup.js';

interface CreateOptions {
  name: string;
  description?: string;
  file?: string;
}

interface HaOptions {
  lbType?: HaConfig['lbType'];
  lbServer?: string;
  filestore?: HaConfig['filestoreType'];
  redis?: boolean;
  redisServer?: string;
  pgFailover?: boolean;
}

/** Applies the HA settings of a file to the topology just made from it; a refusal says what exists now. */
async function applyHaConfig(
  api: ApiClient,
  created: Topology,
  ha: Partial<HaConfig>,
  file: string,
): Promise<Topology> {
  try {
    return await api.topologies.setHaConfig.mutate({ id: created.id, ...ha });
  } catch (error) {
    const { message } = describeFailure(error);
    throw new CliError(
      `created topology ${created.name} (${created.id}), but the haConfig of ${file} was refused: ${message}\n` +
        `set it with \`ocore topology ha-config ${created.id} …\``,
    );
  }
}

async function createTopology(session: Session, options: CreateOptions): Promise<void> {
  const path = options.file;
  const file = path === undefined ? undefined : { path, ...(await readTopologyFile(path)) };
  const api = session.signedIn();
  const description = options.description ?? file?.description;
  const created = await api.topologies.create.mutate({
    name: options.name,
    description,
    topologyData: file?.topologyData,
  });
  const ha = file?.haConfig;
  const topology = ha && Object.keys(ha).length > 0 ? await applyHaConfig(api, created, ha, file.path) : created;
  const names = await fetchServerNames(api);
  session.print(topology, () => formatCreatedTopology(topology, names));
}

/** Checks the topology now; exits 1 while it has errors, so scripts can gate a deploy on it. */
async function validateTopology(session: Session, ref: string): Promise<void> {
  const api = session.signedIn();
  const topology = await findTopology(api, ref);
  const result = await api.topologies.validate.mutate({ id: topology.id });
  session.print(result, () => formatValidation(topology.name, result));
  if (!result.valid) throw new CliError(`${topology.name} cannot be deployed until its errors are fixed`);
}

/** A server option's id: `""` clears it (null), else the server by id or name. */
async function serverIdOf(api: ApiClient, ref: string | undefined): Promise<string | null | undefined> {
  if (ref === undefined) return undefined;
  return ref.trim() === '' ? null : (await findServer(api, ref)).id;
}

/** Shows the HA settings, or changes those the options give and shows the result. */
async function haConfig(session: Session, ref: string, options: HaOptions): Promise<void> {
  const api = session.signedIn();
  const topology = await findTopology(api, ref);
  const [lbServerId, redisServerId] = [
    await serverIdOf(api, options.lbServer),
    await serverIdOf(api, options.redisServer),
  ];
  const change = {
    lbType: options.lbType,
    lbServerId,
    filestoreType: options.filestore,
    redisEnabled: options.redis,
    redisServerId,
    pgFailoverEnabled: options.pgFailover,
  };
  const isChange = Object.values(change).some((value) => value !== undefined);
  const result = isChange ? await api.topologies.setHaConfig.mutate({ id: topology.id, ...change }) : topology;
  const names = await fetchServerNames(api);
  const verb = isChange ? 'Updated the' : 'The';
  session.print(
    result.haConfig,
    () => `${verb} HA settings of ${result.name}:\n${formatHaConfig(result.haConfig, names)}`,
  );
}

const fileExample = `
A topology file, e.g. topology.json:
  {"nodes": [{"id": "odoo1", "kind": "odoo", "serverId": "<server id>", "config": {"workers": 4}},
             {"id": "pg", "kind": "postgres", "serverId": "<server id>"}],
   "edges": [{"source": "odoo1", "target": "pg"}]}
Node kinds: ${nodeKinds.join(', ')}. Server ids: \`ocore server list\`.`;

/** `ocore topology create|list|validate|ha-config|deploy|status|delete`. */
export function registerTopologyCommands(program: Command, io: CliIo): void {
  const topology = program
    .command('topology')
    .description('infrastructure topologies: Odoo, PostgreSQL, Redis and load balancer nodes spread over your servers');

  topology
    .command('create')
    .description('design a topology, from a JSON file of nodes and edges (needs manage:topologies)')
    .requiredOption('--name <name>', 'display name, 2-100 characters')
    .option('--description <text>', "what it is for (default: the file's description)")
    .option(
      '--file <path>',
      'JSON with {nodes, edges}, or {topologyData: {nodes, edges}, description, haConfig}; ' +
        'a node is {id, kind, serverId, label?, config?}, an edge {source, target}',
    )
    .addHelpText('after', fileExample)
    .action(withSession<CreateOptions>(io, createTopology));

  addListCommand(topology, io, {
    things: 'topologies',
    description: 'list the topologies (needs view:topologies)',
    sorts: topologySorts,
    fetchPage: (api, input) => api.topologies.list.query(input),
    format: (page) => formatTopologyList(page.items),
  });

  topology
    .command('validate')
    .description(
      'check servers, HA settings, roles and connections; exits 1 when it has errors (needs view:topologies)',
    )
    .argument('<id>', 'the topology, by id or name')
    .action(withRef(io, (session, _options, ref) => validateTopology(session, ref)));

  topology
    .command('ha-config')
    .description('show the high-availability settings, or change those given (needs manage:topologies to change)')
    .argument('<id>', 'the topology, by id or name')
    .addOption(new Option('--lb-type <type>', 'the load balancer').choices(lbTypes))
    .option('--lb-server <id>', 'the server running the load balancer, by id or name ("" for none)')
    .addOption(new Option('--filestore <type>', 'where the Odoo filestore lives').choices(filestoreTypes))
    .option('--redis', 'use Redis for sessions')
    .option('--no-redis', 'do not use Redis')
    .option('--redis-server <id>', 'the server running Redis, by id or name ("" for none)')
    .option('--pg-failover', 'fail PostgreSQL over to a replica (needs a postgres-replica node)')
    .option('--no-pg-failover', 'no PostgreSQL failover')
    .action(withRef<HaOptions>(io, (session, options, ref) => haConfig(session, ref, options)));

  topology
    .command('deploy')
    .description(
      'deploy node by node, printing each status change live; exits 1 when the deployment fails (needs manage:topologies)',
    )
    .argument('<id>', 'the topology, by id or name')
    .option('--no-wait', 'return once the deployment is queued')
    .option(
      '--timeout <seconds>',
      'stop following (exit 1) after this long; the deployment goes on',
      wholeNumberIn(1, 86_400),
    )
    .action(withRef<DeployOptions>(io, (session, options, ref) => deployTopology(session, ref, options)));

  topology
    .command('status')
    .description('the newest deployment with the status of each node (needs view:topologies)')
    .argument('<id>', 'the topology, by id or name')
    .option('--check <nodeId>', 'check this node on its server again now; exits 1 unless it is healthy')
    .action(withRef<{ check?: string }>(io, (session, options, ref) => showDeploymentStatus(session, ref, options)));

  topology
    .command('delete')
    .description('delete a topology; refused while a deployment of it runs (needs manage:topologies)')
    .argument('<id>', 'the topology, by id or name')
    .action(
      withRef(io, (session, _options, ref) =>
        removeFound(
          session,
          (api) => findTopology(api, ref),
          (api, id) => api.topologies.delete.mutate({ id }),
          'Deleted topology',
        ),
      ),
    );
}
