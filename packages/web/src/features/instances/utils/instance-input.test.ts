import { describe, expect, it } from 'vitest';
import { createInputOf, updateInputOf } from './instance-input';

const blank = {
  name: ' acme ',
  serverId: 's1',
  templateId: '',
  projectId: '',
  stage: 'staging',
  odooVersion: '',
  odooEdition: '',
  workers: '',
  envVars: '',
  moduleList: '',
  cpuLimit: '',
  memoryLimitMb: '',
};

describe('createInputOf', () => {
  it('leaves out what is empty, so a template’s values apply', () => {
    expect(createInputOf({ ...blank, templateId: 't1' }, [])).toEqual({
      name: 'acme',
      serverId: 's1',
      stage: 'staging',
      templateId: 't1',
    });
  });

  it('sends the fields given, variables without a name left out', () => {
    const values = { ...blank, odooVersion: '18.0', odooEdition: 'ce', workers: '3', moduleList: 'sale, stock' };
    const rows = [
      { key: 'A', value: '1' },
      { key: ' ', value: 'x' },
    ];
    expect(createInputOf(values, rows)).toMatchObject({
      odooVersion: '18.0',
      odooEdition: 'ce',
      workers: 3,
      envVars: { A: '1' },
      moduleList: ['sale', 'stock'],
    });
  });

  it('sends the limits typed, a number or NaN for the schema to refuse; empty ones are left out', () => {
    expect(createInputOf({ ...blank, cpuLimit: '1.5', memoryLimitMb: '2048' }, [])).toMatchObject({
      cpuLimit: 1.5,
      memoryLimitMb: 2048,
    });
    expect(createInputOf({ ...blank, cpuLimit: 'x' }, []).cpuLimit).toBeNaN();
    expect(createInputOf(blank, [])).not.toHaveProperty('memoryLimitMb');
  });
});

describe('updateInputOf', () => {
  const instance: Parameters<typeof updateInputOf>[0] = {
    id: 'i1',
    name: 'acme',
    workers: 2,
    odooVersion: '18.0',
    envVars: { A: '1' },
    moduleList: ['sale'],
    projectId: 'p1',
    stage: 'production',
    cpuLimit: 1.5,
    memoryLimitMb: null,
  };
  const same = {
    name: 'acme',
    workers: '2',
    odooVersion: '18.0',
    envVars: '',
    moduleList: 'sale',
    projectId: 'p1',
    stage: 'production',
    cpuLimit: '1.50',
    memoryLimitMb: '',
  };

  it('sends only the id for an untouched form', () => {
    expect(updateInputOf(instance, same, [{ key: 'A', value: '1' }])).toEqual({ id: 'i1' });
  });

  it('sends what changed; an empty project clears it', () => {
    const changed = { ...same, workers: '4', projectId: '', moduleList: 'sale stock' };
    expect(updateInputOf(instance, changed, [])).toEqual({
      id: 'i1',
      workers: 4,
      envVars: {},
      moduleList: ['sale', 'stock'],
      projectId: null,
    });
  });

  it('sends a changed limit; an emptied one is null (no limit)', () => {
    expect(
      updateInputOf(instance, { ...same, cpuLimit: '', memoryLimitMb: '1024' }, [{ key: 'A', value: '1' }]),
    ).toEqual({ id: 'i1', cpuLimit: null, memoryLimitMb: 1024 });
  });
});
