import { describe, expect, it } from 'vitest';
import { escapeHtml, mailSender, renderMail, type MailBrand } from './mail.render.js';

const brand: MailBrand = {
  name: 'Acme <Agency>',
  fromEmail: 'hello@acme.example',
  logoUrl: 'https://acme.example/logo.png?a=1&b="2"',
  primaryColor: '#ff0000',
  footerText: 'Acme & Co, 1 Road',
};

describe('renderMail', () => {
  it('escapes every text in the HTML and keeps it plain in the text part', () => {
    const mail = renderMail(brand, {
      subject: 'Join <b>us</b>',
      paragraphs: ['<script>alert(1)</script> invited you'],
      action: { label: 'Accept', url: 'https://acme.example/invite#token="x"' },
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('src="https://acme.example/logo.png?a=1&amp;b=&quot;2&quot;"');
    expect(mail.html).toContain('Acme &amp; Co, 1 Road');
    expect(mail.html).toContain('background:#ff0000');
    expect(mail.text).toContain('<script>alert(1)</script> invited you');
    expect(mail.text).toContain('Accept: https://acme.example/invite#token="x"');
    expect(mail.text).toContain('Acme & Co, 1 Road');
  });

  it('never lets a color that is not a hex color into the style', () => {
    const mail = renderMail({ ...brand, primaryColor: 'red;background:url(x)' }, { subject: 's', paragraphs: ['p'] });
    expect(mail.html).not.toContain('url(x)');
  });

  it('sends as the brand', () => {
    expect(mailSender(brand)).toEqual({ name: 'Acme <Agency>', address: 'hello@acme.example' });
    expect(escapeHtml(`'&`)).toBe('&#39;&amp;');
  });
});
