import type { TerminalKind } from '@ocore/core';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { connectTerminal, type TerminalConnection, type TerminalControl } from '../api/terminal-connection';
import './terminal-view.css';

type Status = { state: 'connecting' } | { state: 'open' } | { state: 'ended'; message: string; error: boolean };

const closeMessages: Record<number, string> = {
  4001: 'The session ended after a while without typing.',
  4002: 'The session reached its maximum length.',
  4003: 'The session ended: you no longer have access to it.',
};

function endedMessage(code: number, reason: string, last: TerminalControl | undefined): Status {
  if (last?.type === 'error') return { state: 'ended', message: last.message, error: true };
  if (last?.type === 'exit')
    return { state: 'ended', message: `The session ended (exit code ${last.exitCode ?? '?'}).`, error: false };
  return {
    state: 'ended',
    message: closeMessages[code] ?? `The session ended${reason ? `: ${reason}` : '.'}`,
    error: code !== 1000,
  };
}

/** Wires an xterm.js terminal to a session: keystrokes and pastes out, bytes in, its size kept in step. */
function useTerminalSession(
  host: React.RefObject<HTMLDivElement | null>,
  instanceId: string,
  kind: TerminalKind,
  attempt: number,
) {
  const [status, setStatus] = useState<Status>({ state: 'connecting' });
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const term = new Terminal({ cursorBlink: true, fontSize: 14, convertEol: false, scrollback: 5000 });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    fit.fit();
    let connection: TerminalConnection | undefined;
    let last: TerminalControl | undefined;
    let disposed = false;
    setStatus({ state: 'connecting' });
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(element);
    term.onResize(({ cols, rows }) => connection?.resize(cols, rows));
    term.onData((data) => connection?.send(data));
    connectTerminal(
      { instanceId, kind, columns: term.cols, rows: term.rows },
      {
        onOutput: (bytes) => term.write(bytes),
        onControl: (message) => {
          last = message;
          if (message.type === 'ready') {
            setStatus({ state: 'open' });
            term.focus();
          }
        },
        onClose: (code, reason) => {
          if (!disposed) setStatus(endedMessage(code, reason, last));
        },
      },
    ).then(
      (opened) => {
        connection = opened;
        if (disposed) opened.close();
      },
      (error: unknown) => {
        if (!disposed) setStatus({ state: 'ended', message: messageOf(error), error: true });
      },
    );
    return () => {
      disposed = true;
      observer.disconnect();
      connection?.close();
      term.dispose();
    };
  }, [host, instanceId, kind, attempt]);
  return status;
}

/** A live terminal on one instance: a shell, or the Odoo shell on its database. */
export function TerminalView({ instanceId, kind }: { instanceId: string; kind: TerminalKind }) {
  const host = useRef<HTMLDivElement>(null);
  const [attempt, setAttempt] = useState(0);
  const status = useTerminalSession(host, instanceId, kind, attempt);
  const label = kind === 'odoo' ? 'Odoo shell' : 'Terminal';
  return (
    <div>
      <div className="terminal-status">
        {status.state === 'connecting' ? <span role="status">Connecting…</span> : null}
        {status.state === 'open' ? <span role="status">Connected</span> : null}
        {status.state === 'ended' ? (
          <>
            <Alert tone={status.error ? 'error' : 'info'}>{status.message}</Alert>
            <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
              Open a new session
            </Button>
          </>
        ) : null}
      </div>
      <div className="terminal-frame" ref={host} aria-label={label} data-state={status.state} />
    </div>
  );
}
