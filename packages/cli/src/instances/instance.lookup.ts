import type { Instance } from '@ocore/core';
import type { ApiClient } from '../shared/client.js';
import { findByRef } from '../shared/lookup.js';

/** The organization's instance whose id or name is `ref`. */
export function findInstance(api: ApiClient, ref: string): Promise<Instance> {
  return findByRef(() => api.instances.list.query(), ref, { noun: 'instance', listCommand: 'ocore instance list' });
}
