import { useEffect, type RefObject } from 'react';

/** Points the combobox at the selected option, if it does not already. */
function sync(root: HTMLElement) {
  const input = root.querySelector('[cmdk-input]');
  const id = root.querySelector('[cmdk-item][aria-selected="true"]')?.id;
  if (input && id && input.getAttribute('aria-activedescendant') !== id)
    input.setAttribute('aria-activedescendant', id);
}

/**
 * cmdk 1.1 computes the input's aria-activedescendant before its items have re-rendered, so it
 * lags one move behind (or is missing) and screen readers announce the wrong option. This keeps
 * it on the option that is selected, whatever moved the selection.
 */
export function useActiveDescendant(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    sync(root);
    const observer = new MutationObserver(() => sync(root));
    observer.observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-selected', 'aria-activedescendant'],
    });
    return () => observer.disconnect();
  }, [ref]);
}
