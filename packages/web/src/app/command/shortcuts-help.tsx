import { useId } from 'react';
import { Button } from '../../components/button';
import { shortcutHelp } from './shortcuts';
import { useModalDialog } from './use-modal-dialog';
import './command.css';

/** "?": the keyboard shortcuts, in a modal dialog that Escape or Close dismisses. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const dialog = useModalDialog();
  const titleId = useId();
  return (
    <dialog
      ref={dialog}
      className="command-dialog shortcuts-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>Keyboard shortcuts</h2>
      <p className="muted">
        They wait while you type in a field. <kbd>g</kbd> then a letter goes to a page.
      </p>
      <dl className="shortcut-list">
        {shortcutHelp.map((shortcut) => (
          <div key={shortcut.does}>
            <dt>
              {shortcut.keys.map((key, index) => (
                <span key={key}>
                  {index > 0 ? (shortcut.keys[0] === 'g' ? ' then ' : ' + ') : null}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{shortcut.does}</dd>
          </div>
        ))}
      </dl>
      <Button variant="secondary" data-autofocus onClick={onClose}>
        Close
      </Button>
    </dialog>
  );
}
