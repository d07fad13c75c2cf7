import { clientListLimits, type ClientOrg, type ClientPage } from '@ocore/core';
import type { ApiClient } from '../shared/client.js';
import { CliError } from '../shared/errors.js';
import { fetchAllPages } from '../shared/paging.js';

/** Every client from `start.cursor` on, `start.limit` per request, following nextCursor to the end. */
export function fetchAllClients(
  api: ApiClient,
  start: { limit?: number | undefined; cursor?: string | undefined } = {},
): Promise<ClientPage> {
  const limit = start.limit ?? clientListLimits.maxLimit;
  return fetchAllPages((cursor) => api.agency.listClients.query({ limit, cursor }), start.cursor);
}

/** The agency's client whose id or slug is `ref`. */
export async function findClient(api: ApiClient, ref: string): Promise<ClientOrg> {
  const { items } = await fetchAllClients(api);
  const found = items.find((c) => c.id === ref || c.slug === ref.toLowerCase());
  if (!found) throw new CliError(`this agency has no client "${ref}"; see \`ocore agency client list\``);
  return found;
}
