import type { Branding } from '@ocore/core';
import { formatFields } from '../shared/output.js';

/** What the server says about an update beyond the stored branding. */
export interface BrandingNotes {
  customCssRemoved: readonly string[];
  warnings: ReadonlyArray<{ field: string; message: string }>;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** The branding field by field, "-" for what is not set, then the custom CSS itself. */
export function formatBranding(branding: Branding): string {
  const fields = formatFields([
    ['Logo URL', branding.logoUrl ?? '-'],
    ['Primary color', branding.primaryColor ?? '-'],
    ['Accent color', branding.accentColor ?? '-'],
    ['Font family', branding.fontFamily ?? '-'],
    ['Favicon URL', branding.faviconUrl ?? '-'],
    ['Login background URL', branding.loginBgUrl ?? '-'],
    ['From email', branding.fromEmail ?? '-'],
    ['Footer text', branding.footerText ?? '-'],
    ['Custom CSS', branding.customCss ? `${[...branding.customCss].length} characters, shown below` : '-'],
    ['Updated', branding.updatedAt],
  ]);
  return branding.customCss ? `${fields}\n\nCustom CSS as stored:\n${indent(branding.customCss)}` : fields;
}

/** Warnings and what the CSS sanitizer removed, as `note:` lines for stderr; "" when none. */
export function formatBrandingNotes(notes: BrandingNotes): string {
  const lines = notes.warnings.map((w) => `note: ${w.message}`);
  if (notes.customCssRemoved.length > 0) {
    lines.push('note: the custom CSS was sanitized before it was stored; removed:');
    lines.push(...notes.customCssRemoved.map((removed) => `  - ${removed}`));
  }
  return lines.map((line) => `${line}\n`).join('');
}
