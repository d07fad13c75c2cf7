import { createInstanceInput } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import { schemaFormErrors } from './schema-errors';

const fields = ['name', 'serverId', 'workers', 'envVars'] as const;

describe('schemaFormErrors', () => {
  it('is null for an input the schema takes', () => {
    const input = { name: 'Acme', serverId: '0193b3a0-0000-7000-8000-000000000001', odooVersion: '18.0' };
    expect(schemaFormErrors(createInstanceInput.safeParse(input), fields)).toBeNull();
  });

  it('puts each problem beside its field, a nested one beside the field holding it', () => {
    const input = { name: 'A', serverId: 'x', workers: 99, envVars: { lower: '1' } };
    const errors = schemaFormErrors(createInstanceInput.safeParse(input), fields);
    expect(Object.keys(errors?.fields ?? {}).sort()).toEqual(['envVars', 'name', 'serverId', 'workers']);
    expect(errors?.fields['envVars']).toMatch(/^lower: /);
    expect(errors?.general).toBeNull();
  });

  it('keeps problems of fields the form lacks general', () => {
    const errors = schemaFormErrors(createInstanceInput.safeParse({ name: 'Acme', serverId: 'x', stage: 'qa' }), [
      'name',
    ]);
    expect(errors?.general).toMatch(/^serverId: .*; stage: /);
  });
});
