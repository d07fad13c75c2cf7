import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useToken } from './auth';
import { isClientError, isUnauthenticated } from './errors';
import { prepareRealtime, useTRPC } from './trpc';

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

const retryAfterErrorMs = 5_000;

/** The callbacks a tRPC subscription takes, as this hook drives them. */
export interface LiveCallbacks {
  onStarted: () => void;
  onConnectionStateChange: (state: { state: string; error?: unknown }) => void;
  onError: (error: unknown) => void;
  onComplete: () => void;
}

/**
 * Keeps one live subscription open while `enabled` and signed in: `open` starts it with the
 * callbacks given (add `onData`); `onStarted` runs on every (re)start, so the caller can
 * refetch what changed meanwhile. After an error it tries again; an ended session refetches
 * `me`, and a refusal stops it. Returns the connection's state.
 */
export function useLiveSubscription(
  enabled: boolean,
  open: (callbacks: LiveCallbacks) => { unsubscribe(): void },
  onStarted: () => void,
  deps: readonly unknown[],
): LiveStatus {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const token = useToken();
  const [status, setStatus] = useState<LiveStatus>('off');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enabled || !token) {
      setStatus('off');
      return;
    }
    let active = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let subscription: { unsubscribe(): void } | undefined;
    setStatus('connecting');
    void prepareRealtime(token).then(() => {
      if (!active) return;
      subscription = open({
        onStarted: () => {
          setStatus('live');
          onStarted();
        },
        onConnectionStateChange: (state) => {
          if (state.state === 'connecting' && state.error) setStatus('reconnecting');
        },
        onError: (error) => {
          // Refetching `me` finds out whether the session or only the organization ended.
          if (isUnauthenticated(error))
            return void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
          // Refused (a permission went): retrying would be refused too.
          if (isClientError(error)) return setStatus('off');
          setStatus('reconnecting');
          retry = setTimeout(() => setAttempt((n) => n + 1), retryAfterErrorMs);
        },
        onComplete: () => setStatus('off'),
      });
    });
    return () => {
      active = false;
      clearTimeout(retry);
      subscription?.unsubscribe();
    };
    // The caller's deps stand for `open` and `onStarted`, which are new functions each render.
  }, [enabled, token, attempt, trpc, queryClient, ...deps]);

  return status;
}
