import type { ValidationIssue } from '@ocore/core';
import type { AppRouter } from '@ocore/server';
import { TRPCClientError } from '@trpc/client';

/** What the server's error formatter sends with every refusal (`message`, `error`, `field`, ...). */
type ServerErrorShape = NonNullable<TRPCClientError<AppRouter>['shape']>;

/** True when `error` came from the server or from the way to it (no shape then). */
function isServerError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

export interface FormErrors {
  /** One message per form field, keyed by the field's name. */
  fields: Partial<Record<string, string>>;
  /** What cannot be shown beside a field. */
  general: string | null;
}

export const noFormErrors: FormErrors = { fields: {}, general: null };

const unreachable = 'Could not reach the server. Check your connection and try again.';

function shapeOf(error: unknown): ServerErrorShape | undefined {
  return isServerError(error) ? (error.shape ?? undefined) : undefined;
}

/** The HTTP status the server answered with, when it answered. */
export function httpStatusOf(error: unknown): number | undefined {
  return shapeOf(error)?.data.httpStatus;
}

/** The server's domain error code (SLUG_TAKEN, LAST_OWNER, ...), when it sent one. */
export function errorCodeOf(error: unknown): string | undefined {
  return shapeOf(error)?.error;
}

/** The dashboard page where the refusal can be fixed, when the server names one. */
export function errorLinkOf(error: unknown): string | undefined {
  return shapeOf(error)?.link;
}

/** True when the session is no longer valid (expired token, membership ended, org deleted). */
export function isUnauthenticated(error: unknown): boolean {
  return httpStatusOf(error) === 401 && errorCodeOf(error) !== 'INVALID_CREDENTIALS';
}

/** True for answers that a retry cannot change (4xx). */
export function isClientError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500;
}

/** A sentence for a person, whatever failed. */
export function messageOf(error: unknown): string {
  const shape = shapeOf(error);
  if (isServerError(error) && !shape) return unreachable;
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Try again.';
}

function withoutFieldPrefix(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

/** The form field a problem belongs to: the field itself, or the one holding it (`document` for `document.checksum`). */
function formFieldOf(field: string, fieldNames: readonly string[]): string | undefined {
  return fieldNames.find((name) => field === name || field.startsWith(`${name}.`));
}

export interface FieldProblem {
  /** The input's path, e.g. `capacity.cpuCores` or `topologyData.nodes.2.serverId`. */
  field: string;
  message: string;
}

/** The fields a refusal names: all of a schema failure's, or the one of a domain rule. */
export function fieldProblemsOf(error: unknown): FieldProblem[] {
  const shape = shapeOf(error);
  if (shape?.fields) return shape.fields;
  return shape?.field ? [{ field: shape.field, message: withoutFieldPrefix(messageOf(error), shape.field) }] : [];
}

/** The validation issues a refusal carries (TOPOLOGY_INVALID), or none. */
export function validationIssuesOf(error: unknown): readonly ValidationIssue[] {
  return shapeOf(error)?.errors ?? [];
}

/**
 * Splits a failed mutation into messages beside the form's fields and a general message.
 * The server names fields in `shape.fields` (schema failures, all at once) or `shape.field`
 * (one domain rule, e.g. SLUG_TAKEN); a nested field shows beside the form field holding it;
 * `aliases` send a rule's field to the form field where it is fixed (`serverCapacity` to the
 * server picker); problems with fields the form lacks stay general.
 */
export function toFormErrors(
  error: unknown,
  fieldNames: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): FormErrors {
  if (!error) return noFormErrors;
  const fields: Partial<Record<string, string>> = {};
  const leftover: string[] = [];
  const problems = fieldProblemsOf(error);
  for (const problem of problems) {
    const alias = aliases[problem.field];
    const name = alias ?? formFieldOf(problem.field, fieldNames);
    if (name === undefined) leftover.push(`${problem.field}: ${problem.message}`);
    else
      fields[name] ??=
        name === problem.field || alias
          ? problem.message
          : `${problem.field.slice(name.length + 1)}: ${problem.message}`;
  }
  const general = problems.length === 0 ? messageOf(error) : leftover.length > 0 ? leftover.join('; ') : null;
  return { fields, general };
}
