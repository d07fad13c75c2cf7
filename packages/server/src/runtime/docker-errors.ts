import { RuntimeError } from '@ocore/core';

/** What docker-modem rejects with: the engine's HTTP status and its JSON message. */
interface EngineError extends Error {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  code?: string;
}

/** The engine's own words for a failure, without docker-modem's "(HTTP code 404) no such container -" prefix. */
export function engineMessage(err: unknown): string {
  const e = err as EngineError;
  const message = e.json?.message ?? (e.message || String(err));
  return message.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}

export const statusOf = (err: unknown): number | undefined => (err as EngineError).statusCode;

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/** Turns whatever the engine or the transport threw into a RuntimeError naming the step. */
export function toRuntimeError(step: string, err: unknown): RuntimeError {
  if (err instanceof RuntimeError) return err;
  const e = err as EngineError;
  const status = e.statusCode;
  if (status === 404) return new RuntimeError(step, engineMessage(err), 'not_found');
  if (status === 409) return new RuntimeError(step, engineMessage(err), 'conflict');
  if (status === undefined && (unreachableCodes.has(e.code ?? '') || /channel|not connected|socket/i.test(e.message)))
    return new RuntimeError(step, `the Docker Engine does not answer (${e.code ?? e.message})`, 'unreachable');
  return new RuntimeError(step, engineMessage(err), 'engine');
}

/** Runs one engine call as `step`; its failure becomes a RuntimeError. */
export async function attempt<T>(step: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toRuntimeError(step, err);
  }
}

/** Like `attempt`, but the listed HTTP statuses (e.g. 304 already started, 404 already gone) are fine. */
export async function attemptTolerating(step: string, statuses: number[], work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    const status = statusOf(err);
    if (status !== undefined && statuses.includes(status)) return;
    throw toRuntimeError(step, err);
  }
}
