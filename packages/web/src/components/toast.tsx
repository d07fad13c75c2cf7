import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

export type ToastTone = 'success' | 'info' | 'warning' | 'error';

interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

type Notify = (message: string, tone?: ToastTone) => void;

const ToastContext = createContext<Notify>(() => undefined);

/** How long a notice stays; errors and warnings a little longer, and any may be dismissed sooner. */
const lifetimeMs: Record<ToastTone, number> = { success: 6000, info: 6000, warning: 10_000, error: 10_000 };

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), lifetimeMs[toast.tone]);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  return (
    <div className={`toast alert alert-${toast.tone}`} data-tone={toast.tone}>
      <span className="toast-message">{toast.message}</span>
      <button type="button" className="toast-dismiss" aria-label="Dismiss" onClick={() => onDismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}

/**
 * The one place feedback appears: a live region fixed at the bottom of the window, so a
 * "saved" or a warning is seen (and announced) wherever the button that caused it sits on a
 * long page. The region is always present, as screen readers only announce changes to a
 * region they already know.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>((message, tone = 'success') => {
    // The same message again replaces the old one (and starts its time again); three at most.
    setToasts((list) => [...list.filter((t) => t.message !== message), { id: nextId(), tone, message }].slice(-3));
  }, []);
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className="toasts" aria-live="polite" aria-label="Notifications" role="region">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

let lastId = 0;
function nextId(): number {
  lastId += 1;
  return lastId;
}

/** Shows a short notice in the window's live region: `notify('Settings saved.')`. */
export function useToast(): Notify {
  return useContext(ToastContext);
}
