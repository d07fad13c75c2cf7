import { clientListLimits, type ClientOrg, type ClientPage } from '@ocore/core';
import type { ApiClient } from '../shared/client.js';
import { CliError } from '../shared/errors.js';

/** Every client from `start.cursor` on, `start.limit` per request, following nextCursor to the end. */
export async function fetchAllClients(
  api: ApiClient,
  start: { limit?: number | undefined; cursor?: string | undefined } = {},
): Promise<ClientPage> {
  const limit = start.limit ?? clientListLimits.maxLimit;
  const items: ClientOrg[] = [];
  let cursor = start.cursor;
  for (;;) {
    const page = await api.agency.listClients.query({ limit, cursor });
    items.push(...page.items);
    if (page.nextCursor === null) return { items, total: page.total, nextCursor: null };
    // A cursor that does not move would loop forever; say so rather than hang.
    if (page.nextCursor === cursor) throw new CliError(`the server returned the same page cursor twice (${cursor})`);
    cursor = page.nextCursor;
  }
}

/** The agency's client whose id or slug is `ref`. */
export async function findClient(api: ApiClient, ref: string): Promise<ClientOrg> {
  const { items } = await fetchAllClients(api);
  const found = items.find((c) => c.id === ref || c.slug === ref.toLowerCase());
  if (!found) throw new CliError(`this agency has no client "${ref}"; see \`ocore agency client list\``);
  return found;
}
