import { readableTextOn, type PortalContext } from '@ocore/core';
import escapeHtml from 'escape-html';

/** The stylesheet a portal page links to: brand variables, then the sanitized custom CSS. */
export function renderBrandCss(context: PortalContext): string {
  const b = context.branding;
  const vars = [
    b?.primaryColor && `--brand-primary: ${b.primaryColor};`,
    // Text drawn on the primary (the portal's header, its buttons) stays readable whatever the color.
    b?.primaryColor && `--brand-on-primary: ${readableTextOn(b.primaryColor)};`,
    b?.accentColor && `--brand-accent: ${b.accentColor};`,
    b?.fontFamily && `--brand-font: ${b.fontFamily};`,
    b?.loginBgUrl && `--brand-login-bg: url("${b.loginBgUrl}");`,
    b?.logoUrl && `--brand-logo: url("${b.logoUrl}");`,
  ].filter(Boolean);
  return `:root { ${vars.join(' ')} }\n${errorPageCss}\n${b?.customCss ?? ''}\n`;
}

/** The error pages' own rules, scoped to them, in the stylesheet: the pages carry no inline style (CSP). */
const errorPageCss = [
  '.portal-error-page{font-family:var(--brand-font,system-ui,sans-serif);margin:0;display:grid;place-items:center;min-height:100vh;color:#111827}',
  '.portal-error-page main{text-align:center;padding:2rem}',
  '.portal-error-page h1{color:var(--brand-primary,#111827)}',
  '.portal-error-page footer{position:fixed;bottom:1rem;width:100%;text-align:center;color:#6b7280}',
].join('\n');

/** The portal's name as its visitors see it: the client's, else the agency's. */
export function portalTitle(context: PortalContext): string {
  return context.client?.name ?? context.agency?.name ?? 'Portal';
}

/**
 * The dashboard's index.html dressed in the portal's brand before it reaches the browser:
 * title, favicon and brand stylesheet, and no platform name.
 */
export function renderPortalIndex(indexHtml: string, context: PortalContext): string {
  const favicon = context.branding?.faviconUrl
    ? `<link rel="icon" href="${escapeHtml(context.branding.faviconUrl)}" />`
    : '<link rel="icon" href="data:," />';
  return indexHtml
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(portalTitle(context))}</title>`)
    .replace(/<link rel="icon"[^>]*>/, favicon)
    .replace(
      '</head>',
      '  <meta name="ocore-portal" content="1" />\n    <link rel="stylesheet" href="/portal/brand.css" />\n  </head>',
    );
}

/**
 * The dashboard's index.html for a portal address that serves no portal: the page runs as a
 * portal (no platform name, no dashboard) and shows, in the dashboard's own styles, that there is
 * no portal here; no brand stylesheet, since there is no brand.
 */
export function renderUnknownPortalIndex(indexHtml: string): string {
  return indexHtml
    .replace(/<title>[^<]*<\/title>/, '<title>No portal here</title>')
    .replace(/<link rel="icon"[^>]*>/, '<link rel="icon" href="data:," />')
    .replace('</head>', '  <meta name="ocore-portal" content="1" />\n  </head>');
}

/** A plain error page in the portal's brand. */
export function renderPortalErrorPage(context: PortalContext, status: number, message: string): string {
  const title = escapeHtml(portalTitle(context));
  const footer = context.branding?.footerText ? `<footer>${escapeHtml(context.branding.footerText)}</footer>` : '';
  const logo = context.branding?.logoUrl
    ? `<img src="${escapeHtml(context.branding.logoUrl)}" alt="${title}" height="40" />`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${status} · ${title}</title><link rel="stylesheet" href="/portal/brand.css" /></head>
<body class="portal-error-page"><main>${logo}<h1>${status}</h1><p>${escapeHtml(message)}</p></main>${footer}</body></html>`;
}
