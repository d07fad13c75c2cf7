/**
 * True when the server sent this page as a client portal: on a portal host (a subdomain of
 * the portal base domain, or a verified custom domain) it adds this meta element and the
 * brand stylesheet to index.html. Read once: the host of a page never changes.
 */
export const isPortalHost: boolean =
  typeof document !== 'undefined' &&
  document.querySelector('meta[name="ocore-portal"]')?.getAttribute('content') === '1';
