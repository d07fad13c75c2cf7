import type { PreviewDraft } from './preview-message';

/*
 * The portal of the preview frame, built from DOM nodes: typed texts stay text. It shows what a
 * client's portal shows (its menu, the sections the agency turned on), never invented data.
 */

const sampleClient = 'Example Client';
const sampleUser = 'Jane Client';

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

function button(className: string, label: string): HTMLElement {
  const element = h('button', className, label);
  element.setAttribute('type', 'button');
  return element;
}

function home(draft: PreviewDraft): HTMLElement[] {
  const links = ['Home', ...draft.features.map((feature) => feature.label)].map((label, index) =>
    h('a', index === 0 ? 'portal-nav-link active' : 'portal-nav-link', label),
  );
  const tiles = draft.features.map((feature) =>
    h('li', '', h('a', 'portal-tile', feature.label, h('span', 'portal-tile-description', feature.description))),
  );
  return [
    h(
      'header',
      'portal-header',
      brand(draft.logoUrl),
      h('span', 'header-end', h('span', 'header-user', sampleUser), button('btn btn-ghost', 'Log out')),
    ),
    h('nav', 'portal-nav', ...links),
    h(
      'main',
      'portal-main',
      h('h1', '', sampleClient),
      h('p', 'muted', `Welcome, ${sampleUser}.`),
      h('h2', '', 'Your Odoo instances'),
      h('p', 'card muted', 'Each instance of the client, with its status and address.'),
      ...(tiles.length ? [h('h2', '', 'What you can do here'), h('ul', 'portal-tiles', ...tiles)] : []),
    ),
  ];
}

function login(draft: PreviewDraft): HTMLElement[] {
  const field = (label: string) => h('span', 'field', label, h('span', 'input'));
  const card = h(
    'div',
    'card portal-login-card',
    brand(draft.logoUrl),
    h('h1', '', `Sign in to ${sampleClient}`),
    field('Email'),
    field('Password'),
    button('btn btn-primary', 'Log in'),
  );
  return [h('main', 'portal-login-main', card)];
}

/** The portal page for `draft`: its home or its sign-in page, with the footer text. */
export function renderPortal(draft: PreviewDraft): HTMLElement {
  const isLogin = draft.screen === 'login';
  const footer = draft.footerText.trim() ? [h('footer', 'portal-footer', draft.footerText.trim())] : [];
  return h('div', isLogin ? 'portal portal-login' : 'portal', ...(isLogin ? login(draft) : home(draft)), ...footer);
}
