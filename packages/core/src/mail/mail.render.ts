import type { MailAddress } from './mail.ports.js';

/** Whose brand a message carries: the agency's for its clients, else the platform's. */
export interface MailBrand {
  /** Shown as the sender's name and in the header; never the platform's for a client. */
  name: string;
  /** The sender address, or null for the platform's configured one. */
  fromEmail: string | null;
  logoUrl: string | null;
  primaryColor: string | null;
  footerText: string | null;
}

/** What a message says, as plain text: the renderer escapes it for HTML. */
export interface MailContent {
  subject: string;
  paragraphs: readonly string[];
  /** A button in HTML, a line with the URL in text. */
  action?: { label: string; url: string };
  /** A closing line in smaller print (e.g. "ignore this if…"). */
  note?: string;
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place in HTML content or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

const hexColor = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const defaultColor = '#1f2937';

/** The sender of a branded message: the brand's name with its address (or the platform's). */
export function mailSender(brand: MailBrand): MailAddress {
  return { name: brand.name, address: brand.fromEmail };
}

/** The subject, text and HTML of a message in a brand; every text is escaped in the HTML. */
export function renderMail(brand: MailBrand, content: MailContent): { subject: string; text: string; html: string } {
  const color = brand.primaryColor && hexColor.test(brand.primaryColor) ? brand.primaryColor : defaultColor;
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    ...(content.note ? [content.note] : []),
    ...(brand.footerText ? ['--', brand.footerText] : ['--', brand.name]),
  ].join('\n\n');
  const logo = brand.logoUrl?.startsWith('https://')
    ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.name)}" style="max-height:48px">`
    : `<strong style="font-size:20px;color:${color}">${escapeHtml(brand.name)}</strong>`;
  const paragraphs = content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const action = content.action
    ? `<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:10px 18px;background:${color};color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(content.action.label)}</a></p>\n<p style="font-size:12px;color:#6b7280">${escapeHtml(content.action.url)}</p>`
    : '';
  const note = content.note ? `<p style="font-size:12px;color:#6b7280">${escapeHtml(content.note)}</p>` : '';
  const footer = escapeHtml(brand.footerText ?? brand.name);
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family:sans-serif;color:#111827;margin:0;padding:24px">
<div style="border-top:4px solid ${color};padding-top:16px">${logo}</div>
${paragraphs}
${action}
${note}
<hr style="border:none;border-top:1px solid #e5e7eb">
<p style="font-size:12px;color:#6b7280">${footer}</p>
</body></html>`;
  return { subject: content.subject, text, html };
}
