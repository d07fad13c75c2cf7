import { readableTextOn, type PublicBranding } from '@ocore/core';

export type BrandLook = Pick<PublicBranding, 'primaryColor' | 'accentColor' | 'fontFamily' | 'loginBgUrl' | 'logoUrl'>;
export type BrandVariables = Partial<Record<`--brand-${string}`, string>>;

const hexColor = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const webUrl = /^https?:\/\/[^\s]+$/i;

/** True for `#rgb` and `#rrggbb`, the colors the server accepts. */
export function isHexColor(value: string): boolean {
  return hexColor.test(value.trim());
}

/** True for an absolute http(s) URL without spaces. */
export function isWebUrl(value: string): boolean {
  return webUrl.test(value.trim());
}

/** A CSS string literal: quotes, backslashes, newlines and `<` are escaped. */
export function cssString(value: string): string {
  return `"${value.replace(/["\\\n\r\f<]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/**
 * The brand as the CSS custom properties the server's /portal/brand.css declares, for pages
 * that do not load that stylesheet. Values that are not what the server would accept are
 * left out, so a half-typed value never reaches a stylesheet.
 */
export function brandVariables(brand: BrandLook | null | undefined): BrandVariables {
  const vars: BrandVariables = {};
  if (!brand) return vars;
  if (brand.primaryColor && isHexColor(brand.primaryColor)) {
    vars['--brand-primary'] = brand.primaryColor.trim();
    // Text on the primary (header, buttons): black or white, whichever reads better on it.
    vars['--brand-on-primary'] = readableTextOn(brand.primaryColor.trim());
  }
  if (brand.accentColor && isHexColor(brand.accentColor)) vars['--brand-accent'] = brand.accentColor.trim();
  const font = brand.fontFamily?.replace(/[;{}<>\\]/g, '').trim();
  if (font) vars['--brand-font'] = font;
  if (brand.loginBgUrl && isWebUrl(brand.loginBgUrl))
    vars['--brand-login-bg'] = `url(${cssString(brand.loginBgUrl.trim())})`;
  if (brand.logoUrl && isWebUrl(brand.logoUrl)) vars['--brand-logo'] = `url(${cssString(brand.logoUrl.trim())})`;
  return vars;
}
