import WebSocket from 'ws';

/** One subscription over a WebSocket of its own, seeing every message of it as it arrives. */
export interface LiveStream {
  ws: WebSocket;
  /** Data messages (the events) received so far. */
  data: { id?: string; data: unknown }[];
  /** The error the stream ended with, if any: `error` is the domain code, `httpStatus` the REST status. */
  error: { error?: string; message?: string; data?: { httpStatus?: number } } | undefined;
  stopped: boolean;
  /** Resolves once the server answered the subscription (started, or an error). */
  answered: Promise<void>;
  close(): void;
}

/** Subscribes to `path` with the token in `connectionParams`, as the dashboard and the CLI do. */
export function openStream(baseUrl: string, path: string, input: unknown, token: string, origin?: string): LiveStream {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/trpc?connectionParams=1`, {
    ...(origin ? { origin } : {}),
  });
  let answer: () => void = () => undefined;
  const stream: LiveStream = {
    ws,
    data: [],
    error: undefined,
    stopped: false,
    answered: new Promise<void>((resolve) => (answer = resolve)),
    close: () => ws.close(),
  };
  ws.on('error', () => answer());
  ws.on('close', () => answer());
  ws.on('open', () => {
    ws.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
    ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { path, input } }));
  });
  ws.on('message', (raw: Buffer) => {
    const message = JSON.parse(raw.toString()) as {
      id?: number;
      result?: { type: string; id?: string; data?: unknown };
      error?: LiveStream['error'];
    };
    if (message.error) {
      stream.error = message.error;
      answer();
    } else if (message.result?.type === 'started') answer();
    else if (message.result?.type === 'stopped') stream.stopped = true;
    else if (message.result?.type === 'data') stream.data.push(message.result.data as { id?: string; data: unknown });
  });
  return stream;
}
