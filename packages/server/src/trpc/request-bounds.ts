import { DomainError } from '@ocore/core';
import type { TransportLimits } from '../config/config.js';
import type { LimitName } from '../http/rate-limits.js';

/**
 * What a call costs a batch. Most calls cost 1; those that read or build a whole
 * organization's data cost more, so a batch holds only a few of them.
 */
export const callCosts: Readonly<Record<string, number>> = {
  'dr.export': 25,
  'dr.import': 25,
  'audit.list': 5,
};

/** Calls with a rate limit of their own, counted per organization (`requestLimits` in rate-limits.ts). */
export const expensiveCallLimits: Readonly<Record<string, LimitName>> = {
  'dr.export': 'drTransfer',
  'dr.import': 'drTransfer',
  'audit.list': 'auditQuery',
};

const costOf = (path: string) => callCosts[path] ?? 1;

/**
 * Refuses a batch (tRPC over HTTP, or an array of WebSocket messages) with more calls, or a
 * higher summed cost, than allowed: each call of a batch runs at once, so an unbounded batch
 * is an unbounded amount of work from one request.
 */
export function assertBatchWithinBounds(
  paths: readonly string[],
  limits: Pick<TransportLimits, 'batchMaxCalls' | 'batchMaxCost'>,
): void {
  if (paths.length > limits.batchMaxCalls) {
    throw new DomainError(
      'INVALID_INPUT',
      `batch: at most ${limits.batchMaxCalls} calls in one request (got ${paths.length}); send them in smaller batches`,
      { field: 'batch' },
    );
  }
  const cost = paths.reduce((sum, path) => sum + costOf(path), 0);
  if (cost > limits.batchMaxCost) {
    const named = Object.entries(callCosts)
      .map(([path, value]) => `${path} ${value}`)
      .join(', ');
    throw new DomainError(
      'INVALID_INPUT',
      `batch: costs ${cost}, at most ${limits.batchMaxCost} in one request (${named}, any other call 1); send them in smaller batches`,
      { field: 'batch' },
    );
  }
}

/**
 * The refusal of a tRPC HTTP request whose batch is out of bounds, in tRPC's error shape (as
 * the error formatter makes it), or undefined. Answered before tRPC reads the request: a
 * refusal per call of a batch of thousands cost as much as a small batch's work.
 */
export function batchProblem(url: string, limits: Pick<TransportLimits, 'batchMaxCalls' | 'batchMaxCost'>) {
  const [pathPart = '', query = ''] = url.split('?', 2);
  if (!new URLSearchParams(query).has('batch')) return undefined;
  let paths: string[];
  try {
    paths = decodeURIComponent(pathPart.slice('/trpc/'.length)).split(',');
  } catch {
    return undefined; // tRPC answers a path it cannot read itself
  }
  try {
    assertBatchWithinBounds(paths, limits);
    return undefined;
  } catch (error) {
    const { message, field } = error as DomainError;
    return {
      message,
      code: -32600,
      data: { code: 'BAD_REQUEST', httpStatus: 400 },
      error: 'INVALID_INPUT',
      field,
    };
  }
}
