import type { ClientOrg } from '@ocore/core';
import { formatTable } from '../shared/output.js';

/** `2026-01-31`: the day is enough to tell clients apart; --json has the instant. */
function formatDay(iso: string): string {
  return iso.slice(0, 10);
}

/** The clients as a table, newest first unless sorted otherwise. */
export function formatClientList(page: {
  items: readonly ClientOrg[];
  total: number;
  nextCursor: string | null;
}): string {
  if (page.total === 0)
    return 'This agency has no clients yet; create one with `ocore agency client create --name <name>`.';
  const table = formatTable(page.items, [
    { header: 'name', value: (c) => c.name },
    { header: 'slug', value: (c) => c.slug },
    { header: 'members', value: (c) => String(c.memberCount) },
    { header: 'instances', value: (c) => String(c.instanceCount) },
    { header: 'created', value: (c) => formatDay(c.createdAt) },
    { header: 'id', value: (c) => c.id },
  ]);
  return table;
}
