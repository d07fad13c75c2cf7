/** One KEY=VALUE line of a form: an environment variable, or a provisioning override. */
export interface KeyValue {
  key: string;
  value: string;
}

export const emptyKeyValue: KeyValue = { key: '', value: '' };

/** The rows as the record the API takes; rows without a key are left out, keys are trimmed. */
export function recordOf(rows: readonly KeyValue[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key) record[key] = row.value;
  }
  return record;
}

/** Module names typed with commas, spaces or line breaks between them. */
export function moduleListOf(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
