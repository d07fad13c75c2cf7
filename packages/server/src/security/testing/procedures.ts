import { z } from 'zod';
import { appRouter } from '../../trpc/app.router.js';
import type { Meta } from '../../trpc/trpc.js';

export type ProcedureType = 'query' | 'mutation' | 'subscription';

/** One procedure of the router, as the tests reach it. */
export interface Procedure {
  /** The tRPC path, e.g. `servers.get`. */
  path: string;
  type: ProcedureType;
  /** The REST mapping, when the procedure has one (subscriptions have none). */
  rest: { method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'; path: string; pathParams: string[] } | undefined;
  input: z.ZodType | undefined;
}

interface ProcedureDef {
  _def: { type: ProcedureType; meta?: Meta; inputs: unknown[] };
}

/** Every procedure of the app router, read from the router itself so a new one is never missed. */
export function listProcedures(): Procedure[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
  return Object.entries(procedures).map(([path, procedure]) => {
    const { type, meta, inputs } = procedure._def;
    const openapi = meta?.openapi;
    const restPath = openapi ? `/api${openapi.path}` : undefined;
    return {
      path,
      type,
      rest:
        openapi && restPath
          ? {
              method: openapi.method,
              path: restPath,
              pathParams: [...restPath.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
            }
          : undefined,
      input: inputs[0] instanceof z.ZodType ? inputs[0] : undefined,
    };
  });
}

export type JsonSchema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
};

/** The JSON Schema of a procedure's input as a caller sends it (before transforms). */
export function inputJsonSchema(procedure: Procedure): JsonSchema {
  if (!procedure.input) return {};
  return z.toJSONSchema(procedure.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Paths of every UUID field in a schema, arrays as `*`: `id`, `topologyData.nodes.*.serverId`. */
export function uuidFields(schema: JsonSchema, prefix = ''): string[] {
  const found: string[] = [];
  if (schema.format === 'uuid') found.push(prefix);
  for (const [key, child] of Object.entries(schema.properties ?? {}))
    found.push(...uuidFields(child, prefix ? `${prefix}.${key}` : key));
  if (schema.items) found.push(...uuidFields(schema.items, prefix ? `${prefix}.*` : '*'));
  for (const option of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    found.push(...uuidFields(option, prefix));
  return [...new Set(found)];
}
