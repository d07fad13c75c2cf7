import { DomainError } from '../shared/domain-error.js';

/** The only places of an instance the file editor reaches: its custom addons volume and its odoo.conf. */
export const fileRoots = {
  addons: '/mnt/extra-addons',
  conf: '/etc/odoo/odoo.conf',
} as const;

export const filePathMax = 1024;

const pathError = (message: string) => new DomainError('INVALID_INPUT', `path: ${message}`, { field: 'path' });

/** True when `path` (normalized, absolute) is the addons folder or inside it, or the odoo.conf file. */
export function isInsideRoots(path: string): boolean {
  return path === fileRoots.conf || path === fileRoots.addons || path.startsWith(`${fileRoots.addons}/`);
}

/** True for the roots themselves, which are never deleted, renamed or replaced by a folder. */
export function isRootPath(path: string): boolean {
  return path === fileRoots.addons || path === fileRoots.conf;
}

/**
 * The absolute path an editor path names, or INVALID_INPUT: a relative path is under the
 * addons folder; `.` and repeated slashes are dropped; `..`, NUL bytes and anything outside
 * the two roots are refused (never resolved: a `..` has no business in an editor path).
 */
export function normalizeFilePath(input: string): string {
  if (input.includes('\0')) throw pathError('must not contain NUL bytes');
  if (input.length > filePathMax) throw pathError(`must be at most ${filePathMax} characters`);
  const segments = input.split('/');
  if (segments.includes('..')) throw pathError('must not contain ".." (paths stay inside the instance’s files)');
  const kept = segments.filter((s) => s !== '' && s !== '.');
  const path = input.startsWith('/') ? `/${kept.join('/')}` : [fileRoots.addons, ...kept].join('/');
  if (!isInsideRoots(path))
    throw pathError(`only ${fileRoots.addons} and ${fileRoots.conf} can be opened, not ${path}`);
  return path;
}

/**
 * Checks where the container resolved a path (`realpath`): a symlink that leads out of the
 * roots is refused, whatever the path looked like.
 */
export function requireResolvedInside(path: string, resolved: string): void {
  if (!isInsideRoots(resolved))
    throw pathError(`${path} leads to ${resolved} through a symbolic link, outside the instance’s files`);
}

/** The folder holding a path, and its last segment. */
export function splitPath(path: string): { parent: string; name: string } {
  const at = path.lastIndexOf('/');
  return { parent: at <= 0 ? '/' : path.slice(0, at), name: path.slice(at + 1) };
}

/** The languages the file editor highlights; `plain` for any other file. */
export const editorLanguages = ['python', 'xml', 'javascript', 'conf', 'csv', 'plain'] as const;
export type EditorLanguage = (typeof editorLanguages)[number];

/** The editor's highlighting for a file, by its extension. */
export function editorLanguage(path: string): EditorLanguage {
  const ext = splitPath(path).name.split('.').pop()?.toLowerCase() ?? '';
  if (ext === 'py') return 'python';
  if (['conf', 'cfg', 'ini'].includes(ext)) return 'conf';
  if (ext === 'csv') return 'csv';
  if (['xml', 'html', 'svg'].includes(ext)) return 'xml';
  if (['js', 'mjs', 'json', 'ts'].includes(ext)) return 'javascript';
  return 'plain';
}
