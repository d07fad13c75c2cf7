import { describe, expect, it } from 'vitest';
import { filestoreDifferences, manifestVersion, parseFileList, versionMismatch } from './backup-contents.rules.js';

describe('backup manifests', () => {
  it('reads the Odoo series from version_info, major_version or version', () => {
    expect(manifestVersion({ version_info: [17, 0, 0, 'final', 0, ''], version: 'x' })).toBe('17.0');
    expect(manifestVersion({ major_version: 'saas~17.2', version: 'saas~17.2+e' })).toBe('17.2');
    expect(manifestVersion({ version: '16.0+e' })).toBe('16.0');
    expect(manifestVersion({ modules: {} })).toBeUndefined();
  });

  it('names both versions when they differ, and nothing when they match', () => {
    expect(versionMismatch({ version: '18.0' }, '18.0')).toBeUndefined();
    expect(versionMismatch({ version: '17.0+e' }, '18.0')).toMatch(/of Odoo 17\.0 and the instance runs Odoo 18\.0/);
    expect(versionMismatch({}, '18.0')).toMatch(/names no Odoo version/);
  });
});

describe('filestore comparison', () => {
  const backup = [
    { path: 'ab/one', sizeBytes: 10 },
    { path: 'cd/two', sizeBytes: 20 },
  ];

  it('matches the same files, and names the missing, the resized and the unexpected', () => {
    expect(filestoreDifferences(backup, parseFileList('cd/two\t20\nab/one\t10\n'))).toBeUndefined();
    const problem = filestoreDifferences(backup, parseFileList('ab/one\t11\nef/three\t5\n'));
    expect(problem).toContain('1 missing: cd/two');
    expect(problem).toContain('ab/one (11 bytes, 10 in the backup)');
    expect(problem).toContain('1 not in the backup: ef/three');
  });
});
