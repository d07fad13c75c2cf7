import { describe, expect, it } from 'vitest';
import { breadcrumbOf, fileToBase64 } from './file-transfer';

describe('file transfer helpers', () => {
  it('encodes bytes to base64', async () => {
    expect(await fileToBase64(new Blob([new Uint8Array([0, 1, 2, 255])]))).toBe('AAEC/w==');
  });

  it('makes a breadcrumb from the roots down', () => {
    expect(breadcrumbOf(null)).toEqual([{ name: 'Files', path: null }]);
    expect(breadcrumbOf('/mnt/extra-addons/my_module/models').map((c) => c.path)).toEqual([
      null,
      '/mnt/extra-addons',
      '/mnt/extra-addons/my_module',
      '/mnt/extra-addons/my_module/models',
    ]);
  });
});
