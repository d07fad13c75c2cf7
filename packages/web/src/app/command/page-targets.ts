/*
 * What the page-level shortcuts act on, found by convention so that pages need no wiring:
 * the search box is the first `input[type=search]` (or an element marked `data-search`), and
 * the "new" form is the one marked `data-shortcut="new"`.
 */

function isShown(element: HTMLElement): boolean {
  return element.getClientRects().length > 0 && !(element as HTMLInputElement).disabled;
}

/** Focuses the page's search box; false when the page has none. */
export function focusSearch(): boolean {
  const box = [...document.querySelectorAll<HTMLElement>('main input[type="search"], main [data-search]')].find(
    isShown,
  );
  box?.focus();
  return Boolean(box);
}

/** Focuses the first field of the page's "new" form, scrolled into view; false when there is none. */
export function focusNew(): boolean {
  const target = document.querySelector<HTMLElement>('main [data-shortcut="new"]');
  if (!target) return false;
  const field = target.matches('a, button')
    ? target
    : [...target.querySelectorAll<HTMLElement>('input, select, textarea')].find(isShown);
  if (!field) return false;
  field.scrollIntoView({ block: 'center' });
  field.focus();
  return true;
}

/** Waits (up to `timeoutMs`) for a page that is still loading to draw its "new" form, then focuses it. */
export function focusNewWhenDrawn(timeoutMs = 5000): () => void {
  if (focusNew()) return () => undefined;
  const observer = new MutationObserver(() => {
    if (focusNew()) stop();
  });
  const timer = setTimeout(() => stop(), timeoutMs);
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
  }
  observer.observe(document.body, { childList: true, subtree: true });
  return stop;
}
