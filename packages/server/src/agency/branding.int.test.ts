import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('branding', () => {
  it("answers the documented fields and takes the guide's example body", async () => {
    const agency = await t.agency();
    const empty = await t.api('GET', '/api/agency/branding', { token: agency.token });
    expect(Object.keys(empty.body).sort()).toEqual([
      'accentColor',
      'createdAt',
      'customCss',
      'faviconUrl',
      'fontFamily',
      'footerText',
      'fromEmail',
      'id',
      'loginBgUrl',
      'logoUrl',
      'organizationId',
      'primaryColor',
      'updatedAt',
    ]);
    const body = {
      logoUrl: 'https://cdn.example.com/agency-logo.png',
      primaryColor: '#2563eb',
      accentColor: '#7c3aed',
      fontFamily: 'Inter',
      fromEmail: 'support@agency.com',
      footerText: 'Powered by Agency Inc.',
    };
    const res = await t.api('PUT', '/api/agency/branding', { token: agency.token, body });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ...body,
      organizationId: agency.organization.id,
      customCssRemoved: [],
      warnings: [],
    });
    const partial = await t.api('PUT', '/api/agency/branding', {
      token: agency.token,
      body: { faviconUrl: 'https://cdn.example.com/f.ico', footerText: '' },
    });
    expect(partial.body).toMatchObject({ ...body, footerText: null, faviconUrl: 'https://cdn.example.com/f.ico' });
  });

  it.each([
    [{ primaryColor: 'blue' }, 'primaryColor', 'must be a hex color (#rgb or #rrggbb)'],
    [{ accentColor: '#12345' }, 'accentColor', 'must be a hex color (#rgb or #rrggbb)'],
    [{ primaryColor: 123 }, 'primaryColor', 'must be a string or null'],
    [{ logoUrl: 'http://cdn.example.com/logo.png' }, 'logoUrl', 'must be an https:// URL'],
    [{ logoUrl: `https://cdn.example.com/${'a'.repeat(2048)}` }, 'logoUrl', 'must be at most 2048 characters'],
    [{ faviconUrl: 'javascript:alert(1)' }, 'faviconUrl', 'must be an https:// URL'],
    [{ loginBgUrl: 'data:image/png;base64,AAAA' }, 'loginBgUrl', 'must be an https:// URL'],
    [{ fromEmail: 'not an email' }, 'fromEmail', 'must be a valid email address'],
    [{ fontFamily: 'Inter; } body { display:none' }, 'fontFamily', undefined],
    [{ fontFamily: 'url(https://evil.example/font)' }, 'fontFamily', undefined],
    [{ footerText: '<script>alert(1)</script>' }, 'footerText', undefined],
    [{ footerText: 'x'.repeat(501) }, 'footerText', 'must be at most 500 characters'],
    [{ footerText: 'Powered by \u202eevil' }, 'footerText', undefined],
  ])('refuses bad input %#: 400 naming the field and what is wrong', async (body, field, problem) => {
    const agency = await t.agency();
    const res = await t.api('PUT', '/api/agency/branding', { token: agency.token, body });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect(res.body.message).not.toMatch(/Invalid input/);
    if (problem) expect(res.body.message).toBe(`${field}: ${problem}`);
  });

  it('sanitizes custom CSS with a parser and says what it removed', async () => {
    const agency = await t.agency();
    const css =
      '@import url(https://evil.example/x.css);\n.header { color: #123456; background: url(http://evil.example/a.png); }\n.footer { font-weight: 600 }';
    const res = await t.api('PUT', '/api/agency/branding', { token: agency.token, body: { customCss: css } });
    expect(res.status).toBe(200);
    expect(res.body.customCss).toContain('.header');
    expect(res.body.customCss).toContain('.footer');
    expect(res.body.customCss).not.toContain('@import');
    expect(res.body.customCss).not.toContain('evil.example');
    expect(res.body.customCssRemoved.length).toBe(2);
    const stored = await t.api('GET', '/api/agency/branding', { token: agency.token });
    expect(stored.body.customCss).toBe(res.body.customCss);
  });

  it('warns (without refusing) when colors fail WCAG AA on the portal background', async () => {
    const agency = await t.agency();
    const res = await t.api('PUT', '/api/agency/branding', {
      token: agency.token,
      body: { primaryColor: '#ffff00', accentColor: '#1e3a8a' },
    });
    expect(res.status).toBe(200);
    expect(res.body.primaryColor).toBe('#ffff00');
    expect(res.body.warnings).toEqual([expect.objectContaining({ field: 'primaryColor', code: 'low_contrast' })]);
    expect(res.body.warnings[0].message).toMatch(/4\.5:1/);
  });
});
