import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { pickFreePorts, retryOnEarlyExit, spawnManaged, waitUntilReady } from './acme/managed-process.js';

/** Debian's OpenSSH server on a loopback port, accepting one generated key for the current user. */
export interface LoopbackSshd {
  host: '127.0.0.1';
  port: number;
  user: string;
  /** The accepted client key (OpenSSH format). */
  privateKey: string;
  /** A key the server does not accept. */
  strangerKey: string;
  /** The server's host key fingerprint, as `ssh-keygen -l` prints it (SHA256:…). */
  hostKeyFingerprint: string;
  /** What sshd logged so far (at VERBOSE with `verbose`: every connection and login attempt). */
  log(): string;
  stop(): Promise<void>;
}

export const sshdBinary = '/usr/sbin/sshd';

function keygen(path: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
  return readFileSync(path, 'utf8');
}

/**
 * Starts sshd in the foreground with a configuration of its own in a temporary folder:
 * loopback only, key login only, SFTP built in. It needs to run as root or as the user it
 * lets in (the current user either way).
 */
export async function startLoopbackSshd(
  options: { passwordAuthentication?: boolean; verbose?: boolean } = {},
): Promise<LoopbackSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'ocore-sshd-'));
  keygen(join(dir, 'host_key'));
  const privateKey = keygen(join(dir, 'client_key'));
  const strangerKey = keygen(join(dir, 'stranger_key'));
  const hostKeyFingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'host_key.pub')])
    .toString()
    .split(' ')[1]!;
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  // The privilege separation directory sshd insists on.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  return retryOnEarlyExit(async () => {
    const [port] = await pickFreePorts(1);
    const config = join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        options.passwordAuthentication ? 'PermitRootLogin yes' : 'PermitRootLogin prohibit-password',
        `PasswordAuthentication ${options.passwordAuthentication ? 'yes' : 'no'}`,
        'KbdInteractiveAuthentication no',
        'StrictModes no',
        'UsePAM no',
        'Subsystem sftp internal-sftp',
        `LogLevel ${options.verbose ? 'VERBOSE' : 'ERROR'}`,
        '',
      ].join('\n'),
    );
    const proc = spawnManaged(sshdBinary, ['-D', '-e', '-f', config]);
    await waitUntilReady('sshd', proc, () => banner(port!));
    return {
      host: '127.0.0.1' as const,
      port: port!,
      user: userInfo().username,
      privateKey,
      strangerKey,
      hostKeyFingerprint,
      log: () => proc.output(),
      stop: async () => {
        await proc.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
}

/** True once something on the port greets like an SSH server. */
function banner(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('SSH-'));
    });
    socket.once('error', () => resolve(false));
  });
}
