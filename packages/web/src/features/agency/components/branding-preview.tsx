import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { enabledFeatures } from '../../../lib/portal-features';
import { useTRPC } from '../../../lib/trpc';
import type { PreviewReady, PreviewScreen } from '../preview/preview-message';
import type { BrandingDraft } from '../utils/branding-draft';
import { previewDraftOf } from '../utils/preview-draft';

// The dev server's module scripts are CORS requests, which a frame of its own origin cannot make.
const sandbox = import.meta.env.DEV ? 'allow-scripts allow-same-origin' : 'allow-scripts';

function isReady(data: unknown): data is PreviewReady {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'ocore:preview-ready';
}

/**
 * The client portal in miniature, as the branding form's values stand (before saving). The
 * frame is a page of this dashboard (/branding-preview.html) sandboxed into an origin of its
 * own: the draft goes to it by message, and typed CSS, sanitized only when saved, can neither
 * restyle the dashboard nor run anything. Nothing inline, so the content policy holds.
 */
export function BrandingPreview({ draft }: { draft: BrandingDraft }) {
  const id = useId();
  const trpc = useTRPC();
  // The sections the portal really shows: the saved configuration's (all, before one is saved).
  const config = useQuery(trpc.agency.getPortalConfig.queryOptions());
  const features = useMemo(
    () =>
      enabledFeatures(config.data).map(({ label, clientDescription }) => ({ label, description: clientDescription })),
    [config.data],
  );
  const frame = useRef<HTMLIFrameElement>(null);
  const [screen, setScreen] = useState<PreviewScreen>('home');
  const [readyCount, setReadyCount] = useState(0);
  // Typing stays quick; the frame catches up when the browser has a moment.
  const shown = useDeferredValue(draft);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source === frame.current?.contentWindow && isReady(event.data)) setReadyCount((count) => count + 1);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  useEffect(() => {
    // The frame's origin is opaque, so no target origin can name it; the draft is no secret.
    if (readyCount > 0) frame.current?.contentWindow?.postMessage(previewDraftOf(shown, screen, features), '*');
  }, [shown, screen, readyCount, features]);

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
        ref={frame}
        className="preview-frame"
        title="Portal preview"
        src="/branding-preview.html"
        sandbox={sandbox}
        referrerPolicy="no-referrer"
      />
      <p className="field-hint">
        A client’s portal with your brand as typed: the sections you turned on, and where their instances are listed.
        Saved changes reach the portals at once.
      </p>
    </div>
  );
}
