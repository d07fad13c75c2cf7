import { DomainError, type DomainErrorCode } from '@ocore/core';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { $ZodIssue } from 'zod/v4/core';

/** The one table from domain error codes to tRPC codes (and so to HTTP statuses). */
export const domainErrorToTrpc: Readonly<Record<DomainErrorCode, TRPC_ERROR_CODE_KEY>> = {
  INVALID_INPUT: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  ACCESS_REVOKED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  NO_CURRENT_ORGANIZATION: 'FORBIDDEN',
  PERMISSION_DENIED: 'FORBIDDEN',
  NOT_A_MEMBER: 'FORBIDDEN',
  OWNER_ONLY: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  SLUG_TAKEN: 'CONFLICT',
  EMAIL_TAKEN: 'CONFLICT',
  ALREADY_MEMBER: 'CONFLICT',
  LAST_OWNER: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  AGENCY_NOT_ENABLED: 'FORBIDDEN',
  AGENCY_NOT_ALLOWED: 'CONFLICT',
  FEATURE_DISABLED: 'FORBIDDEN',
  DOMAIN_TAKEN: 'CONFLICT',
  IN_USE: 'CONFLICT',
  TOPOLOGY_INVALID: 'UNPROCESSABLE_CONTENT',
  DEPLOYMENT_RUNNING: 'CONFLICT',
  PASSKEY_REQUIRED: 'FORBIDDEN',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  FILE_CHANGED: 'CONFLICT',
};

export interface FieldProblem {
  field: string;
  message: string;
}

/** Input that failed its schema, kept with every field's problem. */
export class InputError extends DomainError {
  constructor(readonly fields: FieldProblem[]) {
    super('INVALID_INPUT', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { field: fields[0]?.field });
  }
}

/**
 * A value that fits none of a union's forms (most often: a value, '' or null to clear it). zod
 * says only "Invalid input"; what the value itself got wrong is in the branches: the first
 * problem that is not a mismatch of type or literal ("must be a hex color (#rgb or #rrggbb)"),
 * else the types that would do.
 */
function unionProblem(issue: Extract<$ZodIssue, { code: 'invalid_union' }>): string {
  const inner = issue.errors.flat();
  if (inner.some(isMissing)) return 'is required';
  const specific = inner.find(
    (i) => i.code !== 'invalid_type' && i.code !== 'invalid_value' && i.code !== 'invalid_union',
  );
  if (specific) return specific.message;
  const types = [...new Set(inner.flatMap((i) => (i.code === 'invalid_type' ? [i.expected] : [])))];
  const named = [...types.filter((type) => type !== 'null'), ...types.filter((type) => type === 'null')];
  return named.length > 0 ? `must be a ${named.join(' or ')}` : issue.message;
}

/** zod's way of saying a value was not sent at all. */
function isMissing(issue: $ZodIssue): boolean {
  return issue.code === 'invalid_type' && /received undefined/.test(issue.message);
}

function describeIssue(issue: $ZodIssue): FieldProblem {
  // A key the input does not know is named as the field at fault.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path;
  const field = path.map(String).join('.') || 'body';
  if (issue.code === 'invalid_union') return { field, message: unionProblem(issue) };
  return { field, message: isMissing(issue) ? 'is required' : issue.message };
}

function isZodError(error: unknown): error is Error & { issues: $ZodIssue[] } {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}

/** SQLSTATE classes and socket errors that mean the database is out of reach, not that a query was wrong. */
const connectionStates = /^(08|57P0[1-3]|53300)/;
const connectionErrors = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when `error` says the database cannot be reached right now (restart, failover, network). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (connectionStates.test(code) || connectionErrors.has(code))) return true;
    if (
      /Connection terminated|connection error and is not queryable|terminating connection|timeout exceeded when trying to connect/i.test(
        e.message,
      )
    )
      return true;
  }
  return false;
}

/** A Retry-After header when a failure says when to try again (REST and tRPC over HTTP alike). */
export function retryAfterHeader(errors: readonly TRPCError[]): Record<string, string> {
  for (const error of errors) {
    const cause = error.cause;
    if (cause instanceof DomainError && cause.retryAfterSeconds)
      return { 'Retry-After': String(cause.retryAfterSeconds) };
  }
  return {};
}

/** Turns any failure of a procedure into the TRPCError the client receives. */
export function toTrpcError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (isDatabaseUnavailable(cause)) {
    const unavailable = new DomainError('UNAVAILABLE', 'The database is unavailable for a moment; try again shortly', {
      retryAfterSeconds: 5,
    });
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: unavailable.message, cause: unavailable });
  }
  if (cause instanceof DomainError) {
    return new TRPCError({ code: domainErrorToTrpc[cause.code], message: cause.message, cause });
  }
  if (error.code === 'BAD_REQUEST' && isZodError(cause)) {
    const input = new InputError(cause.issues.map(describeIssue));
    return new TRPCError({ code: 'BAD_REQUEST', message: input.message, cause: input });
  }
  return error;
}

/** Any failure (a DomainError most often) as the TRPCError the client receives, through the table above. */
export function asTrpcError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return toTrpcError(error);
  return toTrpcError(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error }));
}
