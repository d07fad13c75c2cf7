import type { Project } from '@ocore/core';
import type { ApiClient } from '../shared/client.js';
import { findByRef } from '../shared/lookup.js';

/** The organization's project whose id or name is `ref`. */
export function findProject(api: ApiClient, ref: string): Promise<Project> {
  return findByRef(() => api.projects.list.query(), ref, { noun: 'project', listCommand: 'ocore project list' });
}
