/**
 * The error answers as the server sends them, declared in the OpenAPI document. The REST library
 * describes its own error shape (`{message, code, issues}`, no other property allowed) and only a
 * few statuses; the server's errorFormatter adds `error`, `data`, `field`, `fields`, ... and the
 * error table answers more statuses. Each operation declares every status it can answer.
 */

type Schema = Record<string, unknown>;
type Responses = Record<string, { description?: string; content?: unknown }>;
interface Operation {
  responses?: Responses;
  security?: unknown[];
  requestBody?: unknown;
}
export interface OpenApiLike {
  paths?: Record<string, Record<string, Operation | undefined> | undefined>;
  components?: { schemas?: Record<string, Schema> };
}

export const errorSchemaName = 'Error';

const text = { type: 'string' };
const fieldProblem = {
  type: 'object',
  properties: { field: text, message: text },
  required: ['field', 'message'],
  additionalProperties: false,
};

/** The body of every error answer (server/src/trpc/trpc.ts, errorFormatter). */
export const errorSchema: Schema = {
  type: 'object',
  title: 'Error',
  description: 'An error: `error` is the stable code to branch on, `field` the input at fault, if any',
  properties: {
    message: { ...text, description: 'What went wrong, for people' },
    code: { ...text, description: 'The tRPC error code (e.g. BAD_REQUEST)' },
    error: { ...text, description: 'The domain error code (e.g. INVALID_INPUT, PERMISSION_DENIED)' },
    data: {
      type: 'object',
      properties: { code: text, httpStatus: { type: 'integer' }, path: text },
    },
    field: { ...text, description: 'The input field at fault (dotted path), or "body"' },
    fields: { type: 'array', items: fieldProblem },
    permission: { ...text, description: 'The permission that was missing' },
    retryAfterSeconds: { type: 'integer', minimum: 0 },
    feature: { ...text, description: 'The client-portal feature that is switched off' },
    errors: { type: 'array' },
    issues: { type: 'array' },
    link: text,
  },
  required: ['message', 'code', 'error'],
  additionalProperties: false,
};

const statusDescriptions: Record<string, string> = {
  '400': 'Invalid input (the body names the field)',
  '401': 'Not signed in, the token is invalid, expired or revoked, or the credentials are wrong',
  '403': 'Not allowed: a missing permission, owner-only, a switched-off feature, a passkey required',
  '404': 'Not found (or not visible to the caller)',
  '409': 'Conflict with the current state (taken, in use, running)',
  '413': 'The body is too large',
  '415': 'The body is not JSON',
  '422': 'Valid input that cannot be applied (e.g. an invalid topology)',
  '429': 'Too many requests (Retry-After says when to try again)',
  '500': 'Internal server error',
  '503': 'A service the server depends on is unavailable',
};

/**
 * Statuses an operation can answer: every one the error table has (anonymous operations too can
 * answer 401, e.g. a wrong password, and 403), 413 and 415 where a body is read.
 */
function errorStatusesOf(method: string): string[] {
  const withBody = method !== 'get' && method !== 'delete';
  return Object.keys(statusDescriptions).filter((status) => withBody || (status !== '413' && status !== '415'));
}

/** Replaces the library's error declarations with the server's own, on every operation. */
export function declareErrorAnswers(document: OpenApiLike): void {
  const schemas = (document.components ??= {}).schemas ?? {};
  for (const name of Object.keys(schemas)) if (name.startsWith('error.')) delete schemas[name];
  schemas[errorSchemaName] = errorSchema;
  document.components.schemas = schemas;
  const content = { 'application/json': { schema: { $ref: `#/components/schemas/${errorSchemaName}` } } };
  for (const operations of Object.values(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations ?? {})) {
      if (!operation?.responses) continue;
      const successes = Object.fromEntries(Object.entries(operation.responses).filter(([s]) => /^[23]/.test(s)));
      const errors = Object.fromEntries(
        errorStatusesOf(method).map((s) => [s, { description: statusDescriptions[s], content }]),
      );
      operation.responses = { ...successes, ...errors };
    }
  }
}
