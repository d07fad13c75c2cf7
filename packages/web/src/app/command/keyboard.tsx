import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { focusNewWhenDrawn } from './page-targets';
import { useShortcuts, type Overlay } from './use-shortcuts';

// The palette (cmdk) and the help load on first use: the first download stays within its budget.
const CommandPalette = lazy(() => import('./command-palette').then((m) => ({ default: m.CommandPalette })));
const ShortcutsHelp = lazy(() => import('./shortcuts-help').then((m) => ({ default: m.ShortcutsHelp })));

/** After the palette's "new" actions (`/servers#new`), the page's create form takes the focus. */
function useFocusNewOnHash() {
  const { hash, pathname } = useLocation();
  useEffect(() => (hash === '#new' ? focusNewWhenDrawn() : undefined), [hash, pathname]);
}

/** The keyboard shortcuts, and the palette or help they open (loaded after the first render). */
export function Keyboard() {
  const [overlay, setOverlay] = useState<Overlay>(null);
  const open = useCallback((next: Overlay) => setOverlay(next), []);
  const close = useCallback(() => setOverlay(null), []);
  useShortcuts(open, overlay === null);
  useFocusNewOnHash();
  if (overlay === null) return null;
  return (
    <Suspense fallback={null}>
      {overlay === 'palette' ? (
        <CommandPalette onClose={close} onHelp={() => setOverlay('help')} />
      ) : (
        <ShortcutsHelp onClose={close} />
      )}
    </Suspense>
  );
}
