import { WebSocket } from 'ws';

/** A terminal as a test drives it: what it printed, its control messages, and how it closed. */
export interface TerminalClient {
  socket: WebSocket;
  /** Everything the terminal printed so far. */
  text(): string;
  /** The JSON control messages the server sent (`ready`, `exit`, `error`). */
  controls: { type: string; [key: string]: unknown }[];
  /** Resolves when the output since `from` matches. */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<RegExpMatchArray>;
  type(text: string): void;
  resize(columns: number, rows: number): void;
  closed: Promise<{ code: number; reason: string }>;
}

/**
 * Opens the terminal WebSocket of a test app, sends `hello` (the ticket and token) as its first
 * message, and resolves once the server said `ready` or closed the socket.
 */
export async function openTerminal(
  baseUrl: string,
  hello: unknown,
  headers: Record<string, string> = {},
): Promise<TerminalClient> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/terminal`, { headers });
  let output = '';
  const controls: TerminalClient['controls'] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  socket.on('error', () => undefined);
  const ready = new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer, isBinary) => {
      if (isBinary) output += data.toString('utf8');
      else controls.push(JSON.parse(data.toString('utf8')) as TerminalClient['controls'][number]);
      if (!isBinary && controls.at(-1)?.type === 'ready') resolve();
    });
    void closed.then(() => resolve());
  });
  socket.on('open', () => socket.send(JSON.stringify(hello)));
  await ready;
  return {
    socket,
    text: () => output,
    controls,
    closed,
    type: (text) => socket.send(Buffer.from(text, 'utf8'), { binary: true }),
    resize: (columns, rows) => socket.send(JSON.stringify({ type: 'resize', columns, rows })),
    waitFor: (pattern, from = 0, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
          const match = output.slice(from).match(pattern);
          if (match) return resolve(match);
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`no ${String(pattern)} in terminal output: ${JSON.stringify(output.slice(from))}`));
          setTimeout(poll, 20);
        };
        poll();
      }),
  };
}
