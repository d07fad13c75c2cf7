import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { tinykeys } from 'tinykeys';
import { navItems } from '../layout/nav-items';
import { focusNew, focusSearch } from './page-targets';

export type Overlay = 'palette' | 'help' | null;

/**
 * The dashboard's keyboard shortcuts. tinykeys' default filter keeps every one of them quiet
 * while the focus is in a field, a select or an editor (terminal, code), so typing never
 * triggers one; the palette's own field is such a field.
 */
export function useShortcuts(open: (overlay: Overlay) => void, enabled: boolean): void {
  const navigate = useNavigate();
  useEffect(() => {
    if (!enabled) return;
    const handled = (act: () => boolean | void) => (event: KeyboardEvent) => {
      if (act() !== false) event.preventDefault();
    };
    const goTo = Object.fromEntries(
      navItems.flatMap((item) =>
        item.shortcut ? [[`g ${item.shortcut}`, handled(() => void navigate(item.path))]] : [],
      ),
    );
    return tinykeys(window, {
      ...goTo,
      '$mod+k': handled(() => open('palette')),
      '[Shift]+?': handled(() => open('help')),
      '/': handled(focusSearch),
      n: handled(focusNew),
      c: handled(focusNew),
    });
  }, [navigate, open, enabled]);
}
