import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runJson, useOwner } from '../testing/cli-fixtures.js';
import { documentedArgs } from '../testing/cli-harness.js';

const { server, owner } = useOwner({ agency: true });

function brandingJson(): Promise<Record<string, unknown>> {
  return runJson(owner, ['agency', 'branding', 'get', '--json']);
}

describe('ocore agency branding get|update', () => {
  it('shows an empty branding field by field', async () => {
    const result = await owner.run(['agency', 'branding', 'get']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/Logo URL:\s+-/);
    expect(result.stdout).toMatch(/Custom CSS:\s+-/);
  });

  it('runs the documented example', async () => {
    const result = await owner.run(
      documentedArgs(`ocore agency branding update \\
  --logo-url "https://cdn.example.com/agency-logo.png" \\
  --primary-color "#2563eb"`),
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Updated the agency branding.');
    expect(result.stdout).toMatch(/Logo URL:\s+https:\/\/cdn\.example\.com\/agency-logo\.png/);
    expect(result.stdout).toMatch(/Primary color:\s+#2563eb/);
  });

  it('changes only the fields given, and "" clears one', async () => {
    const flags = ['--font-family', 'Inter, sans-serif', '--from-email', 'support@agency.com'];
    expect(
      (await owner.run(['agency', 'branding', 'update', ...flags, '--footer-text', 'Powered by Agency Inc.'])).code,
    ).toBe(0);
    const cleared = await owner.run(['agency', 'branding', 'update', '--footer-text', '', '--json']);
    expect(cleared.code).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({
      logoUrl: 'https://cdn.example.com/agency-logo.png',
      primaryColor: '#2563eb',
      fontFamily: 'Inter, sans-serif',
      fromEmail: 'support@agency.com',
      footerText: null,
      customCssRemoved: [],
      warnings: [],
    });
  });

  it('warns on stderr about a low-contrast color but exits 0', async () => {
    const result = await owner.run(['agency', 'branding', 'update', '--primary-color', '#FFFF00']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^note: primaryColor #ffff00 has a contrast of [\d.]+:1 .*4\.5:1/);
    expect(result.stdout).toMatch(/Primary color:\s+#ffff00/);
  });

  it('shows what the sanitizer removed from the custom CSS, and stores the rest', async () => {
    const css = '@import url(https://evil.example/x.css);\n.header { color: #123456 }';
    const result = await owner.run(['agency', 'branding', 'update', '--custom-css', css]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: the custom CSS was sanitized before it was stored; removed:');
    expect(result.stderr).toMatch(/\n {2}- .*@import/);
    expect(result.stdout).toContain('.header');
    const stored = await brandingJson();
    expect(stored['customCss']).toContain('.header');
    expect(stored['customCss']).not.toContain('@import');
  });

  it('reads the custom CSS from a file, and "" removes it', async () => {
    const file = server.path('portal.css');
    await writeFile(file, '.footer { font-weight: 600 }\n');
    const fromFile = await owner.run(['agency', 'branding', 'update', '--custom-css-file', file]);
    expect(fromFile.code).toBe(0);
    // The stored #ffff00 is still warned about; nothing was removed from this CSS.
    expect(fromFile.stderr).not.toContain('sanitized');
    expect((await brandingJson())['customCss']).toContain('.footer');
    expect((await owner.run(['agency', 'branding', 'update', '--custom-css', ''])).code).toBe(0);
    expect((await brandingJson())['customCss']).toBeNull();
  });

  it('exits 2 for nothing to update, both CSS sources, or an unreadable file', async () => {
    const nothing = await owner.run(['agency', 'branding', 'update']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to update');
    const both = await owner.run(['agency', 'branding', 'update', '--custom-css', 'a{}', '--custom-css-file', 'x.css']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    const missing = await owner.run(['agency', 'branding', 'update', '--custom-css-file', server.path('none.css')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read --custom-css-file');
  });

  it('exits 1 with the field named for a value the server refuses', async () => {
    const result = await owner.run(['agency', 'branding', 'update', '--logo-url', 'http://cdn.example.com/logo.png']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('logoUrl');
  });
});
