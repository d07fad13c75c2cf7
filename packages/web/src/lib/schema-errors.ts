import type { FormErrors } from './errors';

/** What a zod schema's `safeParse` answers, as far as forms need it. */
export interface SchemaCheck {
  success: boolean;
  error?: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> } | undefined;
}

/**
 * A core schema's refusal of a form's input as the messages beside its fields, the same way
 * the server's would show (toFormErrors): a nested path goes to the form field holding it
 * (`envVars.lower` beside `envVars`, as "lower: …"); one the form lacks stays general.
 * Null when the input passes, so the form sends it.
 */
export function schemaFormErrors(check: SchemaCheck, fieldNames: readonly string[]): FormErrors | null {
  if (check.success || !check.error) return null;
  const fields: Partial<Record<string, string>> = {};
  const leftover: string[] = [];
  for (const issue of check.error.issues) {
    const [head, ...rest] = issue.path.map(String);
    if (head !== undefined && fieldNames.includes(head)) {
      fields[head] ??= rest.length > 0 ? `${rest.join('.')}: ${issue.message}` : issue.message;
    } else {
      leftover.push(head === undefined ? issue.message : `${issue.path.join('.')}: ${issue.message}`);
    }
  }
  return { fields, general: leftover.length > 0 ? leftover.join('; ') : null };
}
