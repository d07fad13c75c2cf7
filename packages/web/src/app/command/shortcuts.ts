import { navItems } from '../layout/nav-items';

export interface ShortcutHelp {
  keys: string[];
  does: string;
}

/** Every shortcut, as the help lists it; `g` goes to the pages of the main menu. */
export const shortcutHelp: readonly ShortcutHelp[] = [
  { keys: ['Ctrl', 'K'], does: 'Open the command palette (⌘ K on a Mac)' },
  { keys: ['?'], does: 'Show these shortcuts' },
  { keys: ['/'], does: 'Search the list on the page' },
  { keys: ['n'], does: 'New: go to the page’s create form (also c)' },
  ...navItems.flatMap((item) => (item.shortcut ? [{ keys: ['g', item.shortcut], does: `Go to ${item.label}` }] : [])),
];
