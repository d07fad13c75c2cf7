import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { usageError } from './errors.js';

/** The message of a thrown value. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `nodes.0.kind: must be one of …`; a missing field reads "is required", as the server says it. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'unexpected shape';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  return `${where}${missing ? 'is required' : issue.message}`;
}

/** What reads the JSON: a zod schema, or anything that parses like one. */
export interface JsonReader<T> {
  safeParse(value: unknown): z.ZodSafeParseResult<T>;
}

/**
 * The JSON in `path` as `schema` reads it; a usage error naming the file, and the field
 * at fault, when it cannot be read, is not JSON, or is not `what`.
 */
export async function readJsonFile<T>(path: string, schema: JsonReader<T>, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read ${path}: ${reasonOf(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw usageError(`${path} is not valid JSON: ${reasonOf(error)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw usageError(`${path} is not ${what}: ${describeIssue(parsed.error.issues[0])}`);
  return parsed.data;
}
