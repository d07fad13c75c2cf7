import type { Server } from '@ocore/core';
import type { ApiClient } from '../shared/client.js';
import { findByRef } from '../shared/lookup.js';

/** The organization's server whose id or name is `ref`. */
export function findServer(api: ApiClient, ref: string): Promise<Server> {
  return findByRef(() => api.servers.list.query(), ref, { noun: 'server', listCommand: 'ocore server list' });
}

/**
 * The server `ref` names among those an instance of the organization may run on: its own and,
 * for a client, its agency's.
 */
export function findPlacementServer(api: ApiClient, ref: string): Promise<Server> {
  return findByRef(() => api.servers.list.query({ withAgency: true, limit: 200 }), ref, {
    noun: 'server',
    listCommand: 'ocore server list --with-agency',
  });
}

/** The names of the organization's servers by id, to show beside the ids other things hold. */
export async function fetchServerNames(api: ApiClient): Promise<Map<string, string>> {
  const { items } = await api.servers.list.query();
  return new Map(items.map((s) => [s.id, s.name]));
}
