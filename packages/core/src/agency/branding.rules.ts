import { colord, extend } from 'colord';
import a11yPlugin from 'colord/plugins/a11y';

extend([a11yPlugin]);

/** The background every portal page is drawn on; colors are checked against it. */
export const portalBackground = '#ffffff';
export const wcagAaTextContrast = 4.5;

export const brandingLimits = { fontFamily: 200, footerText: 500, customCss: 20_000, fromEmail: 254 } as const;

const genericFamilies = new Set([
  'serif',
  'sans-serif',
  'monospace',
  'cursive',
  'fantasy',
  'system-ui',
  'ui-serif',
  'ui-sans-serif',
  'ui-monospace',
  'ui-rounded',
  'emoji',
  'math',
]);
const familyName = /^(?:"[A-Za-z0-9 -]{1,60}"|'[A-Za-z0-9 -]{1,60}'|[A-Za-z][A-Za-z0-9 -]{0,59})$/;

/** Why `value` is not a safe font list (e.g. `Inter, "Open Sans", sans-serif`), or undefined. */
export function fontFamilyProblem(value: string): string | undefined {
  const families = value.split(',').map((f) => f.trim());
  if (families.length > 8) return 'may list at most 8 families';
  for (const family of families) {
    if (!family) return 'has an empty family name';
    if (!genericFamilies.has(family.toLowerCase()) && !familyName.test(family)) {
      const shown = family.length > 40 ? `${family.slice(0, 40)}…` : family;
      return `"${shown}" is not a plain font name (letters, digits, spaces and hyphens, optionally quoted)`;
    }
  }
  return undefined;
}

/** Why `value` is not plain text for the footer, or undefined. */
export function plainTextProblem(value: string): string | undefined {
  if (/<[a-z!/?]/i.test(value)) return 'must be plain text, without HTML';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(value)) {
    return 'must not contain control or text-direction characters';
  }
  return undefined;
}

/** A hex color as stored: lowercase `#rgb` or `#rrggbb`. */
export const hexColorPattern = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export interface BrandingWarning {
  field: string;
  code: 'low_contrast';
  message: string;
}

/**
 * WCAG AA warnings (not refusals) for brand colors that are hard to read on the portal's
 * background: text in that color, or white text on a button of that color.
 */
export function contrastWarnings(colors: {
  primaryColor: string | null;
  accentColor: string | null;
}): BrandingWarning[] {
  const warnings: BrandingWarning[] = [];
  for (const field of ['primaryColor', 'accentColor'] as const) {
    const color = colors[field];
    if (!color) continue;
    const ratio = colord(color).contrast(portalBackground);
    if (ratio < wcagAaTextContrast) {
      warnings.push({
        field,
        code: 'low_contrast',
        message: `${field} ${color} has a contrast of ${ratio.toFixed(2)}:1 against the portal's white background; WCAG AA asks for at least ${wcagAaTextContrast}:1 for text`,
      });
    }
  }
  return warnings;
}

/** The two text colors a brand color may carry: whichever reads better on it. */
export const textOnBrand = { dark: '#000000', light: '#ffffff' } as const;

/**
 * The text color (black or white) with the higher WCAG contrast on `background`, a hex color.
 * One of the two always reaches at least 4.58:1, so text on any brand color stays readable.
 */
export function readableTextOn(background: string): string {
  const color = colord(background);
  if (!color.isValid()) return textOnBrand.light;
  return color.contrast(textOnBrand.dark) >= color.contrast(textOnBrand.light) ? textOnBrand.dark : textOnBrand.light;
}

/** The WCAG contrast ratio of two colors, e.g. 21 for black on white. */
export function contrastRatio(a: string, b: string): number {
  return colord(a).contrast(b);
}
