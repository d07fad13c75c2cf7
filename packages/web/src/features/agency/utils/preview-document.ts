import { brandVariables, isWebUrl, type BrandVariables } from '../../portal/utils/brand-variables';
import type { BrandingDraft } from './branding-draft';

export type PreviewScreen = 'home' | 'login';

const sampleClient = 'Example Client';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** CSS that cannot end its <style> element, whatever was typed. */
function inertCss(css: string): string {
  return css.replace(/</g, '\\3c ');
}

function variablesCss(vars: BrandVariables): string {
  return Object.entries(vars)
    .map(([name, value]) => `${name}: ${value};`)
    .join(' ');
}

// The same class names as the real portal, so the agency's CSS previews as it will apply.
const baseCss = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 var(--brand-font, system-ui, sans-serif); color: #1c2233; background: #f5f6f8; }
.portal { min-height: 100vh; display: flex; flex-direction: column; }
.portal-header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: 0.6rem 1rem; background: #fff; border-bottom: 1px solid #dfe2e8; }
.portal-logo { max-height: 32px; max-width: 140px; }
.portal-name { font-weight: 700; color: var(--brand-primary, #1c2233); }
.portal-nav { background: #fff; border-bottom: 1px solid #dfe2e8; padding: 0 1rem; display: flex; gap: 1rem; }
.portal-nav-link { padding: 0.5rem 0; color: #5d6577; text-decoration: none; border-bottom: 3px solid transparent; }
.portal-nav-link.active { color: #1c2233; font-weight: 600; border-bottom-color: var(--brand-accent, #4338ca); }
.portal-main { flex: 1; padding: 1rem; display: flex; flex-direction: column; gap: 0.75rem; }
h1 { margin: 0; font-size: 1.3rem; }
.card { background: #fff; border: 1px solid #dfe2e8; border-radius: 8px; padding: 0.75rem 1rem; }
.highlight { color: var(--brand-accent, #4338ca); font-weight: 700; }
.btn { font: inherit; font-weight: 600; border: 0; border-radius: 6px; padding: 0.45rem 0.9rem; }
.btn-primary { background: var(--brand-primary, #4338ca); color: #fff; }
.portal-footer { padding: 0.75rem 1rem; text-align: center; color: #5d6577; font-size: 0.85rem; border-top: 1px solid #dfe2e8; background: #fff; }
.portal-login { background: var(--brand-login-bg, none) center / cover no-repeat, #e9ebf0; }
.portal-login-main { flex: 1; display: grid; place-items: center; padding: 1rem; }
.portal-login-card { width: 100%; max-width: 260px; display: flex; flex-direction: column; gap: 0.6rem; }
.field { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.8rem; font-weight: 600; }
.input { height: 28px; border: 1px solid #c9ced8; border-radius: 6px; background: #fff; }
`;

function brandHtml(draft: BrandingDraft): string {
  return isWebUrl(draft.logoUrl)
    ? `<img class="portal-logo" src="${escapeHtml(draft.logoUrl.trim())}" alt="${sampleClient}">`
    : `<span class="portal-name">${sampleClient}</span>`;
}

function homeHtml(draft: BrandingDraft): string {
  return `<header class="portal-header">${brandHtml(draft)}<span>Jane Client</span></header>
<nav class="portal-nav"><a class="portal-nav-link active">Home</a><a class="portal-nav-link">Team</a><a class="portal-nav-link">Backups</a><a class="portal-nav-link">Logs</a></nav>
<main class="portal-main"><h1>${sampleClient}</h1>
<div class="card">Production is <span class="highlight">running</span>, last backup <span class="highlight">2 hours ago</span>.</div>
<div><button class="btn btn-primary" type="button">Create backup</button></div></main>`;
}

function loginHtml(draft: BrandingDraft): string {
  return `<main class="portal-login-main"><div class="card portal-login-card">${brandHtml(draft)}
<h1>Sign in to ${sampleClient}</h1><span class="field">Email<span class="input"></span></span><span class="field">Password<span class="input"></span></span>
<button class="btn btn-primary" type="button">Log in</button></div></main>`;
}

/**
 * A miniature client portal as an HTML document for a sandboxed iframe: the brand variables
 * and the custom CSS exactly as typed (not yet sanitized, which is why it never reaches the
 * dashboard's own document), and a policy that lets it load https images and fonts only.
 */
export function previewDocument(draft: BrandingDraft, screen: PreviewScreen): string {
  const vars = brandVariables({
    primaryColor: draft.primaryColor,
    accentColor: draft.accentColor,
    fontFamily: draft.fontFamily,
    loginBgUrl: draft.loginBgUrl,
    logoUrl: draft.logoUrl,
  });
  const footer = draft.footerText.trim() ? `<footer class="portal-footer">${escapeHtml(draft.footerText.trim())}</footer>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: data:; font-src https: data:; style-src 'unsafe-inline'">
<style>:root { ${inertCss(variablesCss(vars))} }${baseCss}</style>
<style>${inertCss(draft.customCss)}</style></head>
<body><div class="portal${screen === 'login' ? ' portal-login' : ''}">${screen === 'login' ? loginHtml(draft) : homeHtml(draft)}${footer}</div></body></html>`;
}
