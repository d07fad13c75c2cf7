import type { Command } from 'commander';
import { CliError } from './errors.js';
import { wholeNumberIn } from './option-parsers.js';

/** The options of a list command that pages. */
export interface PagingOptions {
  limit?: number;
  cursor?: string;
  all?: boolean;
}

/** A page as the server sends it: some items, and where the next page starts (null at the end). */
interface Page {
  items: unknown[];
  nextCursor: string | null;
}

/** Adds `--limit`, `--cursor` and `--all` to a list command of `things`, up to `limits.maxLimit` a page. */
export function addPagingOptions(
  command: Command,
  things: string,
  limits: { defaultLimit: number; maxLimit: number },
  end: string,
): Command {
  return command
    .option(
      '--limit <n>',
      `${things} per page, 1-${limits.maxLimit} (default ${limits.defaultLimit})`,
      wholeNumberIn(1, limits.maxLimit),
    )
    .option('--cursor <cursor>', 'start after a previous page (the cursor it printed)')
    .option('--all', `follow the pages to the end of the ${end}`);
}

/**
 * Every page from `cursor` on, following nextCursor until the server says there is none:
 * the last page with the items of all of them.
 */
export async function fetchAllPages<P extends Page>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  cursor?: string,
): Promise<P> {
  const items: P['items'] = [];
  for (;;) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (page.nextCursor === null) return { ...page, items };
    // A cursor that does not move would loop forever; say so rather than hang.
    if (page.nextCursor === cursor) throw new CliError(`the server returned the same page cursor twice (${cursor})`);
    cursor = page.nextCursor;
  }
}
