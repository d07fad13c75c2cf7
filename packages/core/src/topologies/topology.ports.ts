import type { ListQuery, Page } from '../shared/list-query.js';
import type { TopologySort } from './topology.schema.js';
import type { HaConfig, Topology, TopologyData } from './topology.schema.js';

export interface NewTopology {
  organizationId: string;
  name: string;
  description: string | null;
  topologyData: TopologyData;
  haConfig: HaConfig;
}

export interface TopologyRepository {
  insert(topology: NewTopology): Promise<Topology>;
  list(organizationId: string): Promise<Topology[]>;
  /** One page of the organization's topologies: search in names and descriptions, keyset order. */
  page(organizationId: string, query: ListQuery<TopologySort>): Promise<Page<Topology>>;
  find(organizationId: string, id: string): Promise<Topology | undefined>;
  /** Like find, locking the row until the transaction ends, for read-merge-write updates. */
  findForUpdate(organizationId: string, id: string): Promise<Topology | undefined>;
  update(id: string, patch: Partial<Omit<NewTopology, 'organizationId'>>): Promise<Topology>;
  delete(id: string): Promise<void>;
  /** The topology's generated passwords (database, replication), sealed; null before its first deploy. */
  findSealedSecrets(id: string): Promise<string | null>;
  saveSealedSecrets(id: string, sealed: string): Promise<void>;
}
