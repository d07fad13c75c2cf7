// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), and the two-byte escapes (ESC and one character).
// eslint-disable-next-line no-control-regex
const escapes = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const controls = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/**
 * A terminal's bytes as plain text to read: escape sequences (colors, cursor moves, titles)
 * and control characters dropped, carriage returns before a line feed folded into it.
 */
export function plainTerminalText(raw: string): string {
  return raw.replace(escapes, '').replace(/\r+\n/g, '\n').replace(/\r/g, '\n').replace(controls, '');
}

/** The transcript an audit entry names (terminal and Odoo shell sessions of organizations that keep them). */
export function transcriptIdOf(diff: Record<string, unknown>): string | null {
  const id = diff['transcriptId'];
  return typeof id === 'string' && id !== '' ? id : null;
}
