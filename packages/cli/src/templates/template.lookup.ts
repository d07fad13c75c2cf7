import type { Template } from '@ocore/core';
import type { ApiClient } from '../shared/client.js';
import { findByRef } from '../shared/lookup.js';

/** The template whose id or name is `ref`, among the organization's and those shared with it. */
export function findTemplate(api: ApiClient, ref: string): Promise<Template> {
  return findByRef(() => api.templates.list.query(), ref, { noun: 'template', listCommand: 'ocore template list' });
}
