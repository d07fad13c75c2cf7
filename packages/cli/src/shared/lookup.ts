import type { ApiClient } from './client.js';
import { CliError, usageError } from './errors.js';
import type { Session } from './session.js';

/** Something the CLI finds by id or by name. */
export interface Named {
  id: string;
  name: string;
}

/** How a kind of thing is named in messages: `server`, and the command that lists them. */
export interface Kind {
  noun: string;
  listCommand: string;
}

/**
 * The item among `items` whose id is `ref`, else the one named `ref`. Names need not be
 * unique, so several with that name ask for the id instead of picking one.
 */
export function matchByRef<T extends Named>(items: readonly T[], ref: string, kind: Kind): T {
  const byId = items.find((item) => item.id === ref);
  if (byId) return byId;
  const named = items.filter((item) => item.name === ref);
  const [only] = named;
  if (only && named.length === 1) return only;
  if (named.length > 1) {
    const ids = named.map((item) => item.id).join(', ');
    throw usageError(`more than one ${kind.noun} is named "${ref}" (${ids}); pass the id`);
  }
  throw new CliError(`there is no ${kind.noun} "${ref}"; see \`${kind.listCommand}\``);
}

/** The item `ref` names (by id or name) in the list `list` fetches. */
export async function findByRef<T extends Named>(
  list: () => Promise<{ items: readonly T[] }>,
  ref: string,
  kind: Kind,
): Promise<T> {
  return matchByRef((await list()).items, ref, kind);
}

/**
 * Removes what `find` finds and says so: `Deleted topology HA (id).`; --json prints
 * `{deleted: …}` with the whole of it.
 */
export async function removeFound<T extends Named>(
  session: Session,
  find: (api: ApiClient) => Promise<T>,
  remove: (api: ApiClient, id: string) => Promise<unknown>,
  said: string,
): Promise<void> {
  const api = session.signedIn();
  const found = await find(api);
  await remove(api, found.id);
  session.print({ deleted: found }, () => `${said} ${found.name} (${found.id}).`);
}
