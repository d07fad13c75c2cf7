import { CliError, ConnectionError } from './errors.js';
import type { LiveClient } from './live-client.js';
import type { Session } from './session.js';

/** How a live command ends: once, with success (exit 0) or with a failure. */
export interface Ending {
  readonly done: Promise<void>;
  isEnded(): boolean;
  end(failure?: Error): void;
}

function createEnding(): Ending {
  let ended = false;
  let settle: (failure?: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = (failure) => (failure === undefined ? resolve() : reject(failure));
  });
  return {
    done,
    isEnded: () => ended,
    end(failure) {
      if (ended) return;
      ended = true;
      settle(failure);
    },
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The callbacks every subscription of the CLI shares: `onFirstStart` once the server
 * listens (not again on a reconnect, which replays what was missed), errors and the end of
 * the stream end the command, and a lost connection is reported, as is its return.
 */
export function lifecycleHandlers(
  session: Session,
  live: LiveClient,
  ending: Ending,
  onFirstStart: () => Promise<void>,
) {
  let started = false;
  let lost = false;
  return {
    onStarted: () => {
      if (started) return;
      started = true;
      onFirstStart().catch((error: unknown) => ending.end(asError(error)));
    },
    onError: (error: unknown) => ending.end(asError(error)),
    onComplete: () => ending.end(new CliError('the server ended the subscription')),
    onConnectionStateChange: (change: { state: string; error?: unknown }) => {
      if (change.state === 'connecting' && change.error && !started) {
        const reason = asError(change.error).message;
        ending.end(new ConnectionError(`the server at ${live.url} is unreachable (${reason})`));
      } else if (change.state === 'connecting' && change.error && !lost && !ending.isEnded()) {
        lost = true;
        session.io.stderr.write(`warning: lost the connection to ${live.url}; reconnecting\n`);
      } else if (change.state === 'pending' && lost) {
        lost = false;
        session.io.stderr.write('Reconnected; missed changes follow.\n');
      }
    },
  };
}

export interface LiveOptions {
  /** What Ctrl-C ends with: nothing for success, else this failure. */
  interrupted?: () => Error | undefined;
  /** Gives up after this many seconds, failing with `timedOut`. */
  timeoutSeconds: number | undefined;
  timedOut: (seconds: number) => Error;
}

/**
 * Runs a live command: opens a WebSocket, lets `subscribe` start its subscription, and
 * waits until it ends, Ctrl-C or the timeout; then unsubscribes and closes the socket.
 */
export async function runLive(
  session: Session,
  options: LiveOptions,
  subscribe: (live: LiveClient, ending: Ending) => { unsubscribe(): void },
): Promise<void> {
  const ending = createEnding();
  const live = session.live();
  const seconds = options.timeoutSeconds;
  const timer =
    seconds === undefined ? undefined : setTimeout(() => ending.end(options.timedOut(seconds)), seconds * 1000);
  const stopListening = session.io.onInterrupt?.(() => ending.end(options.interrupted?.()));
  const subscription = subscribe(live, ending);
  try {
    await ending.done;
  } finally {
    clearTimeout(timer);
    stopListening?.();
    subscription.unsubscribe();
    await live.close();
  }
}
