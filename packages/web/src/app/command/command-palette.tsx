import { Command } from 'cmdk';
import { useId, useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useMe } from '../../lib/use-me';
import { commandsFor, type Command as PaletteCommand } from './commands';
import { useActiveDescendant } from './use-active-descendant';
import { useModalDialog } from './use-modal-dialog';
import './command.css';

function Keys({ keys }: { keys: string[] }) {
  return (
    <span className="command-keys" aria-hidden="true">
      {keys.map((key) => (
        <kbd key={key}>{key}</kbd>
      ))}
    </span>
  );
}

export interface CommandPaletteProps {
  onClose: () => void;
  onHelp: () => void;
}

/**
 * Ctrl/⌘ K: every page and action the user may use, filtered as they type. cmdk gives the
 * combobox and listbox (arrow keys, Enter, the active option announced); a modal `<dialog>`
 * holds it, so Escape closes it and the page behind is out of reach meanwhile.
 */
export function CommandPalette({ onClose, onHelp }: CommandPaletteProps) {
  const me = useMe();
  const navigate = useNavigate();
  const dialog = useModalDialog();
  useActiveDescendant(dialog);
  const titleId = useId();
  const commands = useMemo(() => commandsFor(me.data), [me.data]);
  const run = (command: PaletteCommand) => {
    onClose();
    void navigate(command.to);
  };
  const groups = ['Pages', 'Actions'] as const;
  return (
    <dialog
      ref={dialog}
      className="command-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => event.target === event.currentTarget && onClose()}
    >
      <h2 id={titleId} className="visually-hidden">
        Command palette
      </h2>
      <Command label="Go to a page or run an action" loop>
        <Command.Input className="command-input" placeholder="Go to a page or do something…" data-autofocus />
        <Command.List className="command-list">
          <Command.Empty className="command-empty">Nothing matches.</Command.Empty>
          {groups.map((group) => (
            <Command.Group key={group} heading={group}>
              {commands
                .filter((command) => command.group === group)
                .map((command) => (
                  <Command.Item
                    key={command.id}
                    value={command.label}
                    keywords={command.keywords ?? []}
                    onSelect={() => run(command)}
                    className="command-item"
                  >
                    <span>{command.label}</span>
                    {command.keys ? <Keys keys={command.keys} /> : null}
                  </Command.Item>
                ))}
            </Command.Group>
          ))}
          <Command.Group heading="Help">
            <Command.Item
              value="Keyboard shortcuts"
              keywords={['keyboard shortcuts', 'help', 'keys']}
              onSelect={onHelp}
              className="command-item"
            >
              <span>Keyboard shortcuts</span>
              <Keys keys={['?']} />
            </Command.Item>
          </Command.Group>
        </Command.List>
      </Command>
      <p className="command-footer muted">
        <kbd>↑</kbd> <kbd>↓</kbd> to move, <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to close
      </p>
    </dialog>
  );
}
