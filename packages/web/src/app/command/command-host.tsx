import { lazy, Suspense } from 'react';

// The shortcuts, the palette (cmdk) and the help load just after the first render, in chunks of
// their own: the first download stays within its budget, and the keys work a moment later.
const Keyboard = lazy(() => import('./keyboard').then((m) => ({ default: m.Keyboard })));

/** The keyboard shortcuts and the command palette of the signed-in dashboard. */
export function CommandHost() {
  return (
    <Suspense fallback={null}>
      <Keyboard />
    </Suspense>
  );
}
