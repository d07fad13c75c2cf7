import type { PreviewDraft, PreviewReady } from './preview-message';
import { renderPortal } from './preview-portal';

/*
 * The script of /branding-preview.html, the branding page's sandboxed frame (scripts, but no
 * same origin). It takes the draft from its parent and shows it without any inline style or
 * script: the CSS goes into constructed stylesheets, the texts into text nodes.
 */

const brandSheet = new CSSStyleSheet();
const customSheet = new CSSStyleSheet();
document.adoptedStyleSheets = [brandSheet, customSheet];

function isDraft(data: unknown): data is PreviewDraft {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'ocore:preview-draft';
}

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || !isDraft(event.data)) return;
  const draft = event.data;
  brandSheet.replaceSync(draft.brandCss);
  // Rules the browser cannot parse are dropped one by one, as in a <style> element.
  customSheet.replaceSync(draft.customCss);
  document.body.replaceChildren(renderPortal(draft));
});

// The parent may have sent the draft before this script ran; it sends it again on this.
window.parent.postMessage({ type: 'ocore:preview-ready' } satisfies PreviewReady, '*');
