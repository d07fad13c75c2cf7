import { useDeferredValue, useId, useState } from 'react';
import { previewDocument, type PreviewScreen } from '../utils/preview-document';
import type { BrandingDraft } from '../utils/branding-draft';

/**
 * The client portal in miniature, as the branding form's values stand (before saving).
 * The iframe is sandboxed without scripts and has its own origin: typed CSS, sanitized only
 * when saved, can neither restyle the dashboard nor run anything.
 */
export function BrandingPreview({ draft }: { draft: BrandingDraft }) {
  const id = useId();
  const [screen, setScreen] = useState<PreviewScreen>('home');
  // Typing stays quick; the frame catches up when the browser has a moment.
  const shown = useDeferredValue(draft);
  return (
    <div className="preview">
      <div className="preview-head">
        <h3>Live preview</h3>
        <label htmlFor={id} className="visually-hidden">
          Preview page
        </label>
        <select id={id} value={screen} onChange={(event) => setScreen(event.target.value as PreviewScreen)}>
          <option value="home">Portal home</option>
          <option value="login">Sign-in page</option>
        </select>
      </div>
      <iframe
        className="preview-frame"
        title="Portal preview"
        sandbox=""
        referrerPolicy="no-referrer"
        srcDoc={previewDocument(shown, screen)}
      />
      <p className="field-hint">Sample content, with your brand as typed. Saved changes reach the portals at once.</p>
    </div>
  );
}
