import { useEffect, useState } from 'react';
import { Button } from './button';

type CopyState = 'idle' | 'copied' | 'failed';

const shownMs = 2_000;

/** Copies `value` to the clipboard and says so for a moment; `what` names it for screen readers. */
export function CopyButton({ value, what }: { value: string; what: string }) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), shownMs);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = () => {
    // The clipboard exists only in secure contexts (https, or localhost).
    const written = window.isSecureContext
      ? navigator.clipboard.writeText(value)
      : Promise.reject(new Error('No clipboard'));
    written.then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <span className="copy">
      <Button variant="secondary" size="sm" onClick={copy}>
        {state === 'copied' ? 'Copied' : 'Copy'}
        <span className="visually-hidden"> {what}</span>
      </Button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? `${what} copied` : ''}
      </span>
      {state === 'failed' ? <span className="field-error">Could not copy; select the text instead.</span> : null}
    </span>
  );
}
