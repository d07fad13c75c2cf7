import { describe, expect, it } from 'vitest';
import { capturedTemplateName, duplicateModule, envVarNameProblem, envVarsProblems } from './template.rules.js';
import { createTemplateInput, updateTemplateInput } from './template.schema.js';

/** The body of the guide's "Creating a Template" example. */
const guideTemplate = {
  name: 'Standard Odoo 18 CE',
  description: 'Standard Community Edition setup for small businesses',
  odooVersion: '18.0',
  odooEdition: 'ce',
  defaultWorkers: 4,
  defaultEnvVars: { PROXY_MODE: 'True' },
  moduleList: ['sale', 'purchase', 'stock', 'account'],
  isPublic: false,
};

/** The fields a body fails on, as the server reports them. */
function failedFields(body: unknown): string[] {
  const result = createTemplateInput.safeParse(body);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('createTemplateInput', () => {
  it('takes the guide example as written, without limits', () => {
    expect(createTemplateInput.parse(guideTemplate)).toEqual({ ...guideTemplate, cpuLimit: null, memoryLimitMb: null });
  });

  it('fills the optional fields with their defaults', () => {
    expect(createTemplateInput.parse({ name: 'Bare', odooVersion: '17.0' })).toEqual({
      name: 'Bare',
      odooVersion: '17.0',
      description: '',
      odooEdition: 'ce',
      defaultWorkers: 2,
      defaultEnvVars: {},
      moduleList: [],
      cpuLimit: null,
      memoryLimitMb: null,
      isPublic: false,
    });
  });

  it('takes CPU cores to the hundredth and whole MB of memory as limits', () => {
    expect(createTemplateInput.parse({ ...guideTemplate, cpuLimit: 0.5, memoryLimitMb: 2048 })).toMatchObject({
      cpuLimit: 0.5,
      memoryLimitMb: 2048,
    });
    for (const cpuLimit of [0.1, 1.25, 0.29, 256, null])
      expect(failedFields({ ...guideTemplate, cpuLimit, memoryLimitMb: 256 })).toEqual([]);
    expect(failedFields({ ...guideTemplate, memoryLimitMb: 1_048_576 })).toEqual([]);
  });

  it.each([
    [{ cpuLimit: 0 }, 'cpuLimit', 'must be 0.1-256 CPU cores'],
    [{ cpuLimit: 257 }, 'cpuLimit', 'must be 0.1-256 CPU cores'],
    [{ cpuLimit: '2' }, 'cpuLimit', 'must be 0.1-256 CPU cores (a number, or null for no limit)'],
    [{ cpuLimit: 0.125 }, 'cpuLimit', 'must be given to the hundredth of a core at most (e.g. 0.5, 1.25)'],
    [{ memoryLimitMb: 255 }, 'memoryLimitMb', 'must be a whole number of MB, 256-1048576'],
    [{ memoryLimitMb: 1_048_577 }, 'memoryLimitMb', 'must be a whole number of MB, 256-1048576'],
    [{ memoryLimitMb: 1024.5 }, 'memoryLimitMb', 'must be a whole number of MB, 256-1048576'],
  ])('refuses the limits %j, naming %s', (over, field, message) => {
    const issues = createTemplateInput.safeParse({ ...guideTemplate, ...over }).error?.issues;
    expect(issues?.map((i) => [i.path.join('.'), i.message])).toEqual([[field, message]]);
  });

  it.each([
    [{ name: 'x' }, 'name'],
    [{ name: 'n'.repeat(101) }, 'name'],
    [{ name: undefined }, 'name'],
    [{ description: 'd'.repeat(2001) }, 'description'],
  ])('bounds the texts: %j fails on %s', (over, field) => {
    expect(failedFields({ ...guideTemplate, ...over })).toEqual([field]);
  });

  it('takes only supported Odoo versions, naming them', () => {
    for (const version of ['16.0', '17.0', '18.0', '19.0'])
      expect(failedFields({ ...guideTemplate, odooVersion: version })).toEqual([]);
    const result = createTemplateInput.safeParse({ ...guideTemplate, odooVersion: '15.0' });
    expect(result.error?.issues[0]).toMatchObject({
      path: ['odooVersion'],
      message: expect.stringContaining('16.0, 17.0, 18.0, 19.0'),
    });
    expect(failedFields({ ...guideTemplate, odooVersion: '18' })).toEqual(['odooVersion']);
  });

  it('takes edition ce or ee only', () => {
    expect(failedFields({ ...guideTemplate, odooEdition: 'ee' })).toEqual([]);
    expect(failedFields({ ...guideTemplate, odooEdition: 'enterprise' })).toEqual(['odooEdition']);
  });

  it.each([[-1], [65], [2.5], ['4']])('refuses %j workers (0-64 whole numbers)', (workers) => {
    expect(failedFields({ ...guideTemplate, defaultWorkers: workers })).toEqual(['defaultWorkers']);
  });

  it('takes 0 and 64 workers', () => {
    expect(failedFields({ ...guideTemplate, defaultWorkers: 0 })).toEqual([]);
    expect(failedFields({ ...guideTemplate, defaultWorkers: 64 })).toEqual([]);
  });

  it('refuses environment variable names that are not upper case identifiers, naming the variable', () => {
    for (const name of ['proxy_mode', '1ST', 'WITH-DASH', 'WITH SPACE', '']) {
      expect(failedFields({ ...guideTemplate, defaultEnvVars: { [name]: 'x' } })).toEqual([`defaultEnvVars.${name}`]);
    }
    expect(failedFields({ ...guideTemplate, defaultEnvVars: { _PRIVATE: 'x', A1_B2: 'y' } })).toEqual([]);
  });

  it('refuses values that are not strings or longer than 4096 characters', () => {
    expect(failedFields({ ...guideTemplate, defaultEnvVars: { WORKERS_X: 6 } })).toEqual(['defaultEnvVars.WORKERS_X']);
    expect(failedFields({ ...guideTemplate, defaultEnvVars: { BIG: 'v'.repeat(4097) } })).toEqual([
      'defaultEnvVars.BIG',
    ]);
    expect(failedFields({ ...guideTemplate, defaultEnvVars: { BIG: 'v'.repeat(4096) } })).toEqual([]);
  });

  it('holds at most 100 environment variables', () => {
    const vars = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`VAR_${i}`, 'x']));
    expect(failedFields({ ...guideTemplate, defaultEnvVars: vars(100) })).toEqual([]);
    expect(failedFields({ ...guideTemplate, defaultEnvVars: vars(101) })).toEqual(['defaultEnvVars']);
  });

  it('takes module technical names only, naming the bad entry', () => {
    expect(failedFields({ ...guideTemplate, moduleList: ['sale', 'Sale'] })).toEqual(['moduleList.1']);
    expect(failedFields({ ...guideTemplate, moduleList: ['web-site'] })).toEqual(['moduleList.0']);
    expect(failedFields({ ...guideTemplate, moduleList: ['l10n_be', 'website_sale_2'] })).toEqual([]);
  });

  it('holds at most 200 modules, each once', () => {
    const modules = (n: number) => Array.from({ length: n }, (_, i) => `mod_${i}`);
    expect(failedFields({ ...guideTemplate, moduleList: modules(200) })).toEqual([]);
    expect(failedFields({ ...guideTemplate, moduleList: modules(201) })).toEqual(['moduleList']);
    expect(
      createTemplateInput.safeParse({ ...guideTemplate, moduleList: ['sale', 'sale'] }).error?.issues[0]?.message,
    ).toBe('lists sale twice');
  });
});

describe('updateTemplateInput', () => {
  it('takes any subset of the fields, with the same rules', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(updateTemplateInput.parse({ id, defaultWorkers: 8 })).toEqual({ id, defaultWorkers: 8 });
    expect(updateTemplateInput.safeParse({ id, odooVersion: '14.0' }).success).toBe(false);
    expect(updateTemplateInput.safeParse({ id: 'nope' }).success).toBe(false);
  });

  it('removes a limit with null, leaves it when left out, and checks a new one', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(updateTemplateInput.parse({ id, cpuLimit: null })).toEqual({ id, cpuLimit: null });
    expect(updateTemplateInput.parse({ id })).toEqual({ id });
    expect(updateTemplateInput.safeParse({ id, memoryLimitMb: 100 }).error?.issues[0]?.path).toEqual(['memoryLimitMb']);
  });
});

describe('template rules', () => {
  it('names what is wrong with a variable set', () => {
    expect(envVarNameProblem('GOOD_NAME')).toBeUndefined();
    expect(envVarNameProblem('bad')).toMatch(/upper case/);
    expect(envVarsProblems({ OK: 'v', bad: 'v' })).toEqual([['bad', expect.stringMatching(/upper case/)]]);
  });

  it('finds a module listed twice', () => {
    expect(duplicateModule(['a', 'b', 'a'])).toBe('a');
    expect(duplicateModule(['a', 'b'])).toBeUndefined();
  });

  it('names a captured template after its instance, within 100 characters', () => {
    expect(capturedTemplateName('acme-prod')).toBe('acme-prod template');
    const long = capturedTemplateName('x'.repeat(100));
    expect([...long]).toHaveLength(100);
    expect(long.endsWith(' template')).toBe(true);
  });
});
