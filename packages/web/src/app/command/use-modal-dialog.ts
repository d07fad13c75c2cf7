import { useEffect, useRef } from 'react';

/**
 * Shows a `<dialog>` as a modal while mounted (the page behind is inert, Escape cancels), focuses
 * its control marked `data-autofocus`, and gives the focus back to where it was when it goes.
 */
export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    // React's autoFocus runs before the dialog is shown, so the marked control is focused here.
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      dialog?.close();
      before?.focus();
    };
  }, []);
  return ref;
}
