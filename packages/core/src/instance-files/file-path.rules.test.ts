import { describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/domain-error.js';
import {
  editorLanguage,
  fileRoots,
  isRootPath,
  normalizeFilePath,
  requireResolvedInside,
  splitPath,
} from './file-path.rules.js';

const refusal = (work: () => unknown): string => {
  try {
    work();
  } catch (err) {
    if (isDomainError(err, 'INVALID_INPUT')) return err.message;
    throw err;
  }
  throw new Error('not refused');
};

describe('editor paths', () => {
  it('puts relative paths under the addons folder and normalizes . and slashes', () => {
    expect(normalizeFilePath('')).toBe(fileRoots.addons);
    expect(normalizeFilePath('my_module/models//sale.py')).toBe('/mnt/extra-addons/my_module/models/sale.py');
    expect(normalizeFilePath('./my_module/./__init__.py')).toBe('/mnt/extra-addons/my_module/__init__.py');
    expect(normalizeFilePath('/mnt/extra-addons/')).toBe(fileRoots.addons);
    expect(normalizeFilePath('//etc/odoo//odoo.conf')).toBe(fileRoots.conf);
  });

  it('refuses .., NUL bytes and absolute paths outside the two roots', () => {
    expect(refusal(() => normalizeFilePath('../../etc/passwd'))).toContain('".."');
    expect(refusal(() => normalizeFilePath('/mnt/extra-addons/../../etc/passwd'))).toContain('".."');
    expect(refusal(() => normalizeFilePath('my_module/..'))).toContain('".."');
    expect(refusal(() => normalizeFilePath('a\0b'))).toContain('NUL');
    expect(refusal(() => normalizeFilePath('/etc/passwd'))).toMatch(/^path: only/);
    expect(refusal(() => normalizeFilePath('/etc/odoo/other.conf'))).toMatch(/^path: only/);
    expect(refusal(() => normalizeFilePath('/mnt/extra-addons-evil/x'))).toMatch(/^path: only/);
    expect(refusal(() => normalizeFilePath('/etc/odoo/odoo.conf/x'))).toMatch(/^path: only/);
    expect(refusal(() => normalizeFilePath('/'))).toMatch(/^path: only/);
    expect(refusal(() => normalizeFilePath('x'.repeat(2000)))).toContain('at most');
  });

  it('allows a name that merely contains dots', () => {
    expect(normalizeFilePath('my_module/...py')).toBe('/mnt/extra-addons/my_module/...py');
  });

  it('refuses what a symbolic link resolves to outside the roots', () => {
    expect(() => requireResolvedInside('/mnt/extra-addons/a', '/mnt/extra-addons/b')).not.toThrow();
    expect(() => requireResolvedInside('/mnt/extra-addons/conf', fileRoots.conf)).not.toThrow();
    expect(refusal(() => requireResolvedInside('/mnt/extra-addons/root', '/'))).toContain('symbolic link');
    expect(refusal(() => requireResolvedInside('/mnt/extra-addons/p', '/etc/passwd'))).toContain('/etc/passwd');
  });

  it('knows the roots, splits paths and picks a language', () => {
    expect(isRootPath(fileRoots.addons)).toBe(true);
    expect(isRootPath('/mnt/extra-addons/x')).toBe(false);
    expect(splitPath('/mnt/extra-addons/a/b.py')).toEqual({ parent: '/mnt/extra-addons/a', name: 'b.py' });
    expect(editorLanguage('a/b.py')).toBe('python');
    expect(editorLanguage('views/x.XML')).toBe('xml');
    expect(editorLanguage('static/src/x.js')).toBe('javascript');
    expect(editorLanguage('/etc/odoo/odoo.conf')).toBe('conf');
    expect(editorLanguage('data/x.csv')).toBe('csv');
    expect(editorLanguage('README.md')).toBe('plain');
  });
});
