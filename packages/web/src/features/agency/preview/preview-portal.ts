import type { PreviewDraft } from './preview-message';

/* The sample portal of the preview frame, built from DOM nodes: typed texts stay text. */

const sampleClient = 'Example Client';

type Child = Node | string;

function h(tag: string, className: string, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.append(...children);
  return element;
}

function brand(logoUrl: string | null): HTMLElement {
  if (!logoUrl || !/^https?:\/\//i.test(logoUrl)) return h('span', 'portal-name', sampleClient);
  const logo = document.createElement('img');
  logo.className = 'portal-logo';
  logo.alt = sampleClient;
  logo.src = logoUrl;
  return logo;
}

function home(draft: PreviewDraft): HTMLElement[] {
  const links = ['Home', 'Team', 'Backups', 'Logs'].map((label, index) =>
    h('a', index === 0 ? 'portal-nav-link active' : 'portal-nav-link', label),
  );
  const button = h('button', 'btn btn-primary', 'Create backup');
  button.setAttribute('type', 'button');
  return [
    h('header', 'portal-header', brand(draft.logoUrl), h('span', '', 'Jane Client')),
    h('nav', 'portal-nav', ...links),
    h(
      'main',
      'portal-main',
      h('h1', '', sampleClient),
      h(
        'div',
        'card',
        'Production is ',
        h('span', 'highlight', 'running'),
        ', last backup ',
        h('span', 'highlight', '2 hours ago'),
        '.',
      ),
      h('div', '', button),
    ),
  ];
}

function login(draft: PreviewDraft): HTMLElement[] {
  const field = (label: string) => h('span', 'field', label, h('span', 'input'));
  const button = h('button', 'btn btn-primary', 'Log in');
  button.setAttribute('type', 'button');
  const card = h(
    'div',
    'card portal-login-card',
    brand(draft.logoUrl),
    h('h1', '', `Sign in to ${sampleClient}`),
    field('Email'),
    field('Password'),
    button,
  );
  return [h('main', 'portal-login-main', card)];
}

/** The sample portal page for `draft`: its home or its sign-in page, with the footer text. */
export function renderPortal(draft: PreviewDraft): HTMLElement {
  const isLogin = draft.screen === 'login';
  const footer = draft.footerText.trim() ? [h('footer', 'portal-footer', draft.footerText.trim())] : [];
  return h('div', isLogin ? 'portal portal-login' : 'portal', ...(isLogin ? login(draft) : home(draft)), ...footer);
}
