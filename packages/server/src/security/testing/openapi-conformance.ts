import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createOpenApiDocument } from '../../http/rest.js';
import { appRouter } from '../../trpc/app.router.js';
import type { Procedure } from './procedures.js';
import type { Answer } from './transport.js';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}

/** JSON pointer escaping of one path segment. */
const pointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Checks real REST answers against the served OpenAPI document: the status is declared for the
 * operation, the body matches the declared schema, and an operation that answers an anonymous
 * caller with success declares no security. Returns what is wrong, or undefined.
 */
export function createOpenApiConformance(): (
  procedure: Procedure,
  answer: Answer,
  anonymous: boolean,
) => string | undefined {
  const document = JSON.parse(JSON.stringify(createOpenApiDocument(appRouter))) as {
    paths: Record<string, Record<string, Operation>>;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema(document, 'openapi');
  return (procedure, answer, anonymous) => {
    if (!procedure.rest || answer.transport !== 'rest') return undefined;
    const path = procedure.rest.path.replace(/^\/api/, '');
    const method = procedure.rest.method.toLowerCase();
    const operation = document.paths[path]?.[method];
    const where = `${procedure.rest.method} ${procedure.rest.path}`;
    if (!operation) return `${where}: not in the document`;
    const status = String(answer.status);
    const response = operation.responses[status];
    if (!response) return `${where}: answered ${status}, not declared (${Object.keys(operation.responses).join(', ')})`;
    if (anonymous && /^2/.test(status) && operation.security?.length)
      return `${where}: answers anonymous callers but declares security`;
    if (!response.content || answer.text === '') return undefined;
    const ref = `openapi#/paths/${pointer(path)}/${method}/responses/${status}/content/application~1json/schema`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    if (validate(answer.body)) return undefined;
    const first = validate.errors?.[0];
    return `${where} ${status}: body does not match its schema: ${first?.instancePath || '/'} ${first?.message ?? ''} ${JSON.stringify(first?.params ?? {})}`;
  };
}
