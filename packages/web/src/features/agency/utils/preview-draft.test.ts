import { describe, expect, it } from 'vitest';
import { brandingFields } from '@ocore/core';
import type { BrandingDraft } from './branding-draft';
import { previewDraftOf } from './preview-draft';

const empty = Object.fromEntries(brandingFields.map((field) => [field, ''])) as BrandingDraft;

describe('previewDraftOf', () => {
  it('declares only the brand values the server would accept, and keeps the typed CSS and texts as they are', () => {
    const draft = previewDraftOf(
      {
        ...empty,
        primaryColor: '#0f766e',
        accentColor: '#12',
        customCss: '</style><script>x</script>',
        footerText: '<b>Hi</b>',
      },
      'login',
    );
    expect(draft).toEqual({
      type: 'ocore:preview-draft',
      screen: 'login',
      brandCss: ':root { --brand-primary: #0f766e; --brand-on-primary: #ffffff; }',
      customCss: '</style><script>x</script>',
      logoUrl: null,
      footerText: '<b>Hi</b>',
      features: [],
    });
  });

  it('shows a logo only from an http(s) address', () => {
    expect(previewDraftOf({ ...empty, logoUrl: ' https://cdn.example.com/l.svg ' }, 'home').logoUrl).toBe(
      'https://cdn.example.com/l.svg',
    );
    expect(previewDraftOf({ ...empty, logoUrl: 'javascript:alert(1)' }, 'home').logoUrl).toBeNull();
  });
});
