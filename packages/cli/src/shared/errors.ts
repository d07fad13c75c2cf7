import { TRPCClientError } from '@trpc/client';

/** Exit codes: 1 the server refused or could not be reached, 2 the command line was wrong, 130 Ctrl-C. */
export const exitCodes = { ok: 0, failure: 1, usage: 2, cancelled: 130 } as const;

/** A failure the CLI itself detects, with the exit code it ends with. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.failure,
  ) {
    super(message);
  }
}

/** The command line asks for something impossible or incomplete. */
export function usageError(message: string): CliError {
  return new CliError(message, exitCodes.usage);
}

/** The server could not be reached or did not answer like an oCore server. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

/** A refusal as the server words it: the message, the error code, and what it is about. */
export interface ServerErrorShape {
  message: string;
  error?: string;
  field?: string;
  /** The validation errors of a topology the server would not deploy (TOPOLOGY_INVALID). */
  errors?: { nodeId?: string; code: string; message: string }[];
}

function serverShape(error: TRPCClientError<never>): ServerErrorShape | undefined {
  const shape: unknown = error.shape;
  return typeof shape === 'object' && shape !== null && 'message' in shape ? (shape as ServerErrorShape) : undefined;
}

/** How the server refused, when `error` is its refusal (not a lost connection or a bug). */
export function serverRefusal(error: unknown): ServerErrorShape | undefined {
  return error instanceof TRPCClientError ? serverShape(error as TRPCClientError<never>) : undefined;
}

const signInHint = 'hint: run `ocore login --email <email>`, or pass --token';
// The server's own message names the HTTP endpoint; a terminal user wants the command.
const agencyHint = 'hint: run `ocore agency enable` (needs manage:agency)';

function hintFor(code: string | undefined): string | undefined {
  if (code === 'UNAUTHENTICATED' || code === 'UNAUTHORIZED') return signInHint;
  if (code === 'AGENCY_NOT_ENABLED') return agencyHint;
  return undefined;
}

/** What to tell the person about a failure, and the exit code. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof TRPCClientError) {
    const cause: unknown = error.cause;
    if (cause instanceof ConnectionError) return { message: cause.message, exitCode: exitCodes.failure };
    const shape = serverShape(error as TRPCClientError<never>);
    if (!shape) return { message: `unexpected answer from the server: ${error.message}`, exitCode: exitCodes.failure };
    const hint = hintFor(shape.error);
    return { message: hint ? `${shape.message}\n${hint}` : shape.message, exitCode: exitCodes.failure };
  }
  return { message: error instanceof Error ? error.message : String(error), exitCode: exitCodes.failure };
}
