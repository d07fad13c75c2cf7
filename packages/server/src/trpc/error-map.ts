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

function describeIssue(issue: $ZodIssue): FieldProblem {
  const field = issue.path.map(String).join('.') || 'body';
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  return { field, message: missing ? 'is required' : issue.message };
}

function isZodError(error: unknown): error is Error & { issues: $ZodIssue[] } {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}

/** Turns any failure of a procedure into the TRPCError the client receives. */
export function toTrpcError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof DomainError) {
    return new TRPCError({ code: domainErrorToTrpc[cause.code], message: cause.message, cause });
  }
  if (error.code === 'BAD_REQUEST' && isZodError(cause)) {
    const input = new InputError(cause.issues.map(describeIssue));
    return new TRPCError({ code: 'BAD_REQUEST', message: input.message, cause: input });
  }
  return error;
}
