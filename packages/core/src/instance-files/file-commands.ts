/**
 * The shell commands the file editor runs in an instance's container, as the Odoo user.
 * Paths and values travel as positional arguments ("$1", "$2"), never inside the script:
 * nothing a user types is parsed by the shell. Exit codes: 3 missing, 4 too large,
 * 5 not a regular file, 9 changed since read (the current version on stdout).
 */
const sh = (script: string, ...args: string[]) => ['/bin/sh', '-c', script, 'sh', ...args];

export const fileExit = { missing: 3, tooLarge: 4, notAFile: 5, changed: 9 } as const;

const hash = 'sha256sum < "$1" | cut -c1-64';
const sizeAtMost = '[ "$(stat -c %s -- "$1")" -le "$2" ] || exit 4';

export const fileCommands = {
  /** Where the container resolves a path (symbolic links followed; missing parts allowed). */
  realpath: (path: string) => ['realpath', '-z', '-m', '--', path],
  /** One NUL-terminated `type\tsize\tmtime\tname` record per entry of a folder. */
  list: (path: string) =>
    sh('[ -d "$1" ] || exit 3; find "$1" -mindepth 1 -maxdepth 1 -printf "%y\\t%s\\t%T@\\t%f\\0"', path),
  /** The version (first line), then the content. */
  read: (path: string, maxBytes: number) =>
    sh(`[ -f "$1" ] || exit 3; ${sizeAtMost}; ${hash}; cat -- "$1"`, path, String(maxBytes)),
  /** The current version, or `none` for no file. */
  version: (path: string) =>
    sh(`if [ -e "$1" ] || [ -L "$1" ]; then [ -f "$1" ] || exit 5; ${hash}; else echo none; fi`, path),
  /**
   * Writes stdin to the file when its version is still `expected` (`none`: it must not exist;
   * `any`: whatever it is), in place (its owner and mode stay); answers the new version.
   */
  write: (path: string, expected: string) =>
    sh(
      `if [ -e "$1" ] || [ -L "$1" ]; then [ -f "$1" ] || { cat >/dev/null; exit 5; }; cur=$(${hash}); else cur=none; fi
if [ "$2" != any ] && [ "$cur" != "$2" ]; then cat >/dev/null; printf %s "$cur"; exit 9; fi
cat > "$1" || exit 1
${hash}`,
      path,
      expected,
    ),
  mkdir: (path: string) => sh('mkdir -- "$1"', path),
  remove: (path: string) =>
    sh(
      '[ -e "$1" ] || [ -L "$1" ] || exit 3; if [ -d "$1" ] && [ ! -L "$1" ]; then rm -rf -- "$1"; else rm -f -- "$1"; fi',
      path,
    ),
  /** The file's bytes in base64, on one line. */
  download: (path: string, maxBytes: number) =>
    sh(`[ -f "$1" ] || exit 3; ${sizeAtMost}; base64 -w0 < "$1"`, path, String(maxBytes)),
  /** odoo.conf's modification time, in seconds since the epoch. */
  modifiedAt: (path: string) => ['stat', '-c', '%Y', '--', path],
};

/** Parses the `list` command's records. */
export function parseListing(
  stdout: string,
  parent: string,
): {
  name: string;
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  modifiedAt: string | null;
}[] {
  const types = { f: 'file', d: 'directory', l: 'symlink' } as const;
  return stdout
    .split('\0')
    .filter(Boolean)
    .map((record) => {
      const [type = '', size = '0', mtime = '', ...rest] = record.split('\t');
      const name = rest.join('\t');
      const seconds = Number(mtime);
      return {
        name,
        path: `${parent}/${name}`,
        type: type in types ? types[type as keyof typeof types] : ('other' as const),
        size: Number(size) || 0,
        modifiedAt: Number.isFinite(seconds) && mtime ? new Date(seconds * 1000).toISOString() : null,
      };
    })
    .sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name));
}
