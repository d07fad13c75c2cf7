/*
 * What the branding page and its preview frame say to each other through postMessage. Types
 * only: the frame's script must share no code with the dashboard's (see vite.config.ts).
 */

export type PreviewScreen = 'home' | 'login';

/** The frame is listening: send the draft. */
export interface PreviewReady {
  type: 'ocore:preview-ready';
}

/** The draft to show, as data: the frame sets it with CSSOM and text nodes, never as markup. */
export interface PreviewDraft {
  type: 'ocore:preview-draft';
  screen: PreviewScreen;
  /** The brand variables as one `:root` rule (see brandVariables). */
  brandCss: string;
  /** The custom CSS as typed, not yet sanitized: it stays inside the sandboxed frame. */
  customCss: string;
  /** An http(s) URL, or null to show the client's name instead. */
  logoUrl: string | null;
  footerText: string;
  /** The portal sections the agency turned on, as the portal's menu and home tiles show them. */
  features: readonly PreviewFeature[];
}

/** A section of the portal: its menu label and the line its home tile says. */
export interface PreviewFeature {
  label: string;
  description: string;
}
