import { listLimits } from '@ocore/core';
import { Option, type Command } from 'commander';
import type { ApiClient } from './client.js';
import type { CliIo } from './output.js';
import { wholeNumberIn } from './option-parsers.js';
import { fetchAllPages } from './paging.js';
import { withSession } from './session.js';

/** The options every list command takes: a search, a sort and its direction, a page and where it starts. */
export interface ListOptions<S extends string = string> {
  search?: string;
  sort?: S;
  desc?: boolean;
  limit?: number;
  cursor?: string;
  all?: boolean;
}

/** A list's API input: only what was asked for (a list without any is the server's own order). */
export interface ListInput<S extends string> {
  search?: string;
  sort?: S;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/** A page as every list answers: some items, how many match in all, the next page's cursor (null at the end). */
export interface ListPage {
  items: unknown[];
  total: number;
  nextCursor: string | null;
}

/** The API input of a list command's options: only what was given. */
export function listInputOf<S extends string>(options: ListOptions<S>): ListInput<S> {
  return {
    ...(options.search ? { search: options.search } : {}),
    ...(options.sort ? { sort: options.sort } : {}),
    ...(options.sort || options.desc ? { order: options.desc ? ('desc' as const) : ('asc' as const) } : {}),
    ...(options.limit ? { limit: options.limit } : {}),
    ...(options.cursor ? { cursor: options.cursor } : {}),
  };
}

/** The line after a page that has a next one. */
export function nextPageNote(page: { total: number; nextCursor: string | null }, things: string): string {
  return page.nextCursor
    ? `\n\nMore ${things} (${page.total} in all): add --all, or --cursor ${page.nextCursor} for the next page.`
    : '';
}

/** Adds `--search`, `--sort <key>` (one of `sorts`), `--desc`, `--limit`, `--cursor` and `--all` to a list command. */
export function addListOptions(
  command: Command,
  sorts: readonly string[],
  limits: { maxLimit: number; defaultLimit?: number } = listLimits,
): Command {
  const pageSize = limits.defaultLimit ? `default ${limits.defaultLimit}` : 'default: all';
  return (
    command
      .option('--search <text>', 'only the rows whose name (or email) contains the text, case-insensitive')
      // A key the list does not have is a usage error (exit 2) naming the keys it has.
      .addOption(new Option('--sort <key>', `sort by ${sorts.join(', ')}`).choices(sorts))
      .option('--desc', 'sort in descending order')
      .option('--limit <n>', `rows per page, 1-${limits.maxLimit} (${pageSize})`, wholeNumberIn(1, limits.maxLimit))
      .option('--cursor <cursor>', 'start after a previous page (the cursor it printed)')
      .option('--all', 'follow the pages to the end of the list')
  );
}

export interface ListCommandSpec<S extends string, P extends ListPage> {
  /** What the list holds, plural: "templates". */
  things: string;
  description: string;
  sorts: readonly S[];
  limits?: { maxLimit: number; defaultLimit?: number };
  /** Asks the server for one page; `options` holds the command's own options too. */
  fetchPage: (api: ApiClient, input: ListInput<S>, options: Readonly<Record<string, unknown>>) => Promise<P>;
  /** The page's rows as text; a search that matches nothing is said by the command. */
  format: (page: P) => string;
}

/**
 * `<parent> list` with the list options: the page they ask for (every page from --cursor on with
 * --all), printed whole with --json, else as a table and how to ask for the next page.
 */
export function addListCommand<S extends string, P extends ListPage>(
  parent: Command,
  io: CliIo,
  spec: ListCommandSpec<S, P>,
): Command {
  const command = parent.command('list').description(spec.description);
  return addListOptions(command, spec.sorts, spec.limits).action(
    withSession<ListOptions<S> & Record<string, unknown>>(io, async (session, options) => {
      const api = session.signedIn();
      const input = listInputOf(options);
      const page = options.all
        ? await fetchAllPages(
            (cursor) => spec.fetchPage(api, { ...input, ...(cursor ? { cursor } : {}) }, options),
            input.cursor,
          )
        : await spec.fetchPage(api, input, options);
      session.print(page, () =>
        page.total === 0 && options.search
          ? `No ${spec.things} match "${options.search}".`
          : spec.format(page) + nextPageNote(page, spec.things),
      );
    }),
  );
}
