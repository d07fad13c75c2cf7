import type { ListQuery, Page } from '../shared/list-query.js';
import type { Server, ServerSort, ServerStatus } from './server.schema.js';

export interface ServerRecord extends Server {
  host: string;
  port: number;
  sshUser: string;
  capacity: { cpuCores: number; memoryMb: number; maxInstances: number };
  sealedKey: string | null;
  sealedPassword: string | null;
  sshHostKey: string | null;
  dockerSocket: string;
}

export interface NewServer {
  organizationId: string;
  name: string;
  host: string;
  port: number;
  sshUser: string;
  sealedKey: string | null;
  sealedPassword: string | null;
  capacity: { cpuCores: number; memoryMb: number; maxInstances: number };
  dockerSocket: string;
}

export type ServerPatch = Partial<Omit<NewServer, 'organizationId'>> & {
  status?: ServerStatus;
  sshHostKey?: string | null;
};

export interface ServerRepository {
  insert(server: NewServer): Promise<ServerRecord>;
  list(organizationId: string): Promise<ServerRecord[]>;
  /** One page of the organizations' servers (one, or a client's and its agency's): name search, a status filter, keyset order. */
  page(
    organizationIds: readonly string[],
    query: ListQuery<ServerSort>,
    filter: { status?: ServerStatus | undefined },
  ): Promise<Page<ServerRecord>>;
  find(organizationId: string, id: string): Promise<ServerRecord | undefined>;
  /** Like find, locking the row until the transaction ends, for read-merge-write updates. */
  findForUpdate(organizationId: string, id: string): Promise<ServerRecord | undefined>;
  update(id: string, patch: ServerPatch): Promise<ServerRecord>;
  delete(id: string): Promise<void>;
  /** Servers to probe now: not in maintenance, never probed first, then the oldest probe. */
  dueForProbe(before: Date, limit: number): Promise<ServerRecord[]>;
  saveProbe(id: string, status: 'active' | 'unreachable', error: string | null, at: Date): Promise<ServerRecord>;
}

/** Opens a TCP connection to see whether a server answers. */
export interface ReachabilityProbe {
  probe(
    host: string,
    port: number,
    timeoutMs: number,
  ): Promise<{ reachable: true } | { reachable: false; error: string }>;
}
