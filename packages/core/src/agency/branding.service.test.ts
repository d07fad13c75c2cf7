import { beforeEach, describe, expect, it } from 'vitest';
import { createBrandingTestDeps, signUpAgency, type BrandingTestDeps } from '../testing/agency-fixtures.js';
import { caught, joinAs, type SignedUp } from '../testing/test-fixtures.js';
import { brandingLimits } from './branding.rules.js';
import { updateBrandingInput } from './agency.schema.js';
import { getBranding, updateBranding } from './branding.service.js';

let deps: BrandingTestDeps;
let agency: SignedUp;

beforeEach(async () => {
  deps = createBrandingTestDeps();
  agency = await signUpAgency(deps, 'Olive Owner');
});

/** Sends `raw` through the input schema first, as the server does. */
const update = (raw: unknown) => updateBranding(deps, agency.actor, updateBrandingInput.parse(raw));

const brandingAudit = () => deps.store.state.audit.filter((a) => a.action === 'agency.branding_updated');

describe('updateBranding', () => {
  it('changes only the fields sent', async () => {
    await update({ primaryColor: '#1E3A8A', logoUrl: 'https://cdn.example.com/logo.png', footerText: 'Acme Ltd' });
    const result = await update({ accentColor: '#000080' });
    expect(result).toMatchObject({
      primaryColor: '#1e3a8a',
      accentColor: '#000080',
      logoUrl: 'https://cdn.example.com/logo.png',
      footerText: 'Acme Ltd',
      fontFamily: null,
    });
    expect(await getBranding(deps, agency.actor)).toMatchObject({ primaryColor: '#1e3a8a', accentColor: '#000080' });
  });

  it('clears a field sent as "" or null', async () => {
    await update({
      primaryColor: '#1e3a8a',
      logoUrl: 'https://cdn.example.com/logo.png',
      fromEmail: 'brand@example.com',
      fontFamily: 'Inter',
    });
    const result = await update({ primaryColor: '', logoUrl: '', fromEmail: null, fontFamily: '' });
    expect(result).toMatchObject({ primaryColor: null, logoUrl: null, fromEmail: null, fontFamily: null });
  });

  it('stores custom CSS as the sanitizer returns it and reports what it removed', async () => {
    const css =
      'body { color: navy; }\n.logo { background: url(http://evil.example/x.png); }\nh1 { font-weight: 700; }';
    const result = await update({ customCss: css });
    expect(deps.css.inputs).toEqual([css]);
    expect(result.customCss).toBe('body { color: navy; }\nh1 { font-weight: 700; }');
    expect(result.customCssRemoved).toEqual(['removed a url() on line 2']);
    expect((await getBranding(deps, agency.actor)).customCss).toBe(result.customCss);
  });

  it('does not call the sanitizer unless customCss is sent as text, and forgets the last removals', async () => {
    await update({ customCss: '.a { background: url(x) }' });
    const result = await update({ primaryColor: '#000000' });
    expect(deps.css.inputs).toHaveLength(1);
    expect(result.customCssRemoved).toEqual([]);
  });

  it('clears custom CSS sent as null, "" or as CSS that sanitizes to nothing', async () => {
    await update({ customCss: 'body { color: navy; }' });
    expect((await update({ customCss: null })).customCss).toBeNull();
    await update({ customCss: 'body { color: navy; }' });
    expect((await update({ customCss: '' })).customCss).toBeNull();
    await update({ customCss: 'body { color: navy; }' });
    const result = await update({ customCss: '  \n.x { background: url(javascript:alert(1)) }\n ' });
    expect(result).toMatchObject({ customCss: null, customCssRemoved: ['removed a url() on line 2'] });
  });

  it('warns about brand colors with low contrast, whichever fields were sent', async () => {
    const result = await update({ primaryColor: '#FFFF00', accentColor: '#1e3a8a' });
    expect(result.warnings).toEqual([expect.objectContaining({ field: 'primaryColor', code: 'low_contrast' })]);
    expect(result.warnings[0]?.message).toMatch(/1\.07:1.*4\.5:1/);
    expect((await update({ footerText: 'Acme' })).warnings.map((w) => w.field)).toEqual(['primaryColor']);
    expect((await update({ primaryColor: '#000080' })).warnings).toEqual([]);
  });

  it('records each changed field, and for customCss only lengths and removals, never the CSS', async () => {
    await update({ customCss: 'body { color: navy; }' });
    const secret = '.brand-secret-selector { color: teal; }';
    await update({ primaryColor: '#1e3a8a', customCss: `${secret}\n.x { background: url(https://a.example/b.png) }` });
    const entries = brandingAudit();
    expect(entries).toHaveLength(2);
    const last = entries.at(-1)!;
    expect(last.diff).toEqual({
      primaryColor: { from: null, to: '#1e3a8a' },
      customCss: { fromLength: 'body { color: navy; }'.length, toLength: secret.length, removedCount: 1 },
    });
    expect(JSON.stringify(last.diff)).not.toContain('brand-secret-selector');
    expect(JSON.stringify(last.diff)).not.toContain('navy');
    expect(deps.events.published().at(-1)).toMatchObject({
      type: 'agency.branding_updated',
      organizationId: agency.organization.id,
      payload: { fields: ['primaryColor', 'customCss'] },
    });
  });

  it('records nothing when nothing changes', async () => {
    await update({ primaryColor: '#1e3a8a' });
    await update({ primaryColor: '#1E3A8A' });
    await update({});
    expect(brandingAudit()).toHaveLength(1);
  });

  it('refuses a Viewer with PERMISSION_DENIED naming manage:agency, and leaves the branding alone', async () => {
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    const error = await caught(() => updateBranding(deps, viewer.actor, { primaryColor: '#000000', customCss: 'a{}' }));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:agency' });
    expect(deps.css.inputs).toEqual([]);
    expect((await getBranding(deps, agency.actor)).primaryColor).toBeNull();
  });
});

describe('getBranding', () => {
  it('shows a Viewer the branding', async () => {
    await update({ primaryColor: '#1e3a8a', fromEmail: 'brand@example.com' });
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    expect(await getBranding(deps, viewer.actor)).toMatchObject({
      organizationId: agency.organization.id,
      primaryColor: '#1e3a8a',
      fromEmail: 'brand@example.com',
    });
  });
});

describe('updateBrandingInput', () => {
  const fails = (raw: Record<string, unknown>) => !updateBrandingInput.safeParse(raw).success;

  it('lowercases and trims hex colors', () => {
    expect(updateBrandingInput.parse({ primaryColor: ' #ABCDEF ', accentColor: '#FFF' })).toEqual({
      primaryColor: '#abcdef',
      accentColor: '#fff',
    });
  });

  it.each(['red', '#abcd', '#gggggg', 'abcdef', 'rgb(0, 0, 0)', '#1234567', '#12345'])(
    'refuses the color %j',
    (color) => {
      expect(fails({ primaryColor: color })).toBe(true);
      expect(fails({ accentColor: color })).toBe(true);
    },
  );

  it.each([
    'http://cdn.example.com/logo.png',
    'javascript:alert(1)',
    'data:image/png;base64,AAAA',
    'https://user:pw@cdn.example.com/x.png',
    'not a url',
    '//cdn.example.com/x.png',
  ])('refuses the URL %j', (url) => {
    for (const field of ['logoUrl', 'faviconUrl', 'loginBgUrl']) expect(fails({ [field]: url }), field).toBe(true);
  });

  it('accepts https URLs, storing them in WHATWG form', () => {
    expect(updateBrandingInput.parse({ logoUrl: 'https://CDN.example.com/my logo.png' })).toEqual({
      logoUrl: 'https://cdn.example.com/my%20logo.png',
    });
  });

  it('refuses a bad from address and accepts a good one', () => {
    expect(fails({ fromEmail: 'not-an-email' })).toBe(true);
    expect(fails({ fromEmail: 'brand@' })).toBe(true);
    expect(fails({ fromEmail: `${'a'.repeat(250)}@example.com` })).toBe(true);
    expect(updateBrandingInput.parse({ fromEmail: 'brand@example.com' })).toEqual({ fromEmail: 'brand@example.com' });
  });

  it('refuses HTML and control characters in the footer, and accepts plain text', () => {
    expect(fails({ footerText: '<b>Acme</b>' })).toBe(true);
    expect(fails({ footerText: 'Acme <script>alert(1)</script>' })).toBe(true);
    expect(fails({ footerText: 'Acme\u0000' })).toBe(true);
    expect(fails({ footerText: 'x'.repeat(brandingLimits.footerText + 1) })).toBe(true);
    expect(updateBrandingInput.parse({ footerText: ' Acme & Co <3 ' })).toEqual({ footerText: 'Acme & Co <3' });
  });

  it('refuses an unsafe font list and too much custom CSS', () => {
    expect(fails({ fontFamily: 'Inter; background: red' })).toBe(true);
    expect(fails({ fontFamily: `A${'b'.repeat(brandingLimits.fontFamily)}` })).toBe(true);
    expect(fails({ customCss: 'a'.repeat(brandingLimits.customCss + 1) })).toBe(true);
    expect(fails({ customCss: 'a'.repeat(brandingLimits.customCss) })).toBe(false);
  });

  it('turns "" into null for clearable fields and leaves unsent ones out', () => {
    const parsed = updateBrandingInput.parse({
      primaryColor: '',
      logoUrl: '',
      footerText: '',
      fromEmail: '',
      fontFamily: '',
    });
    expect(parsed).toEqual({ primaryColor: null, logoUrl: null, footerText: null, fromEmail: null, fontFamily: null });
    expect(updateBrandingInput.parse({})).toEqual({});
  });
});
