import type { Topology } from '@ocore/core';
import type { ApiClient } from '../shared/client.js';
import { findByRef } from '../shared/lookup.js';

/** The organization's topology whose id or name is `ref`. */
export function findTopology(api: ApiClient, ref: string): Promise<Topology> {
  return findByRef(() => api.topologies.list.query(), ref, { noun: 'topology', listCommand: 'ocore topology list' });
}
