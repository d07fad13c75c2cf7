import { useEffect, useState } from 'react';

/** The current time in milliseconds, refreshed every `intervalMs`, for "in 4 minutes"-style texts. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
