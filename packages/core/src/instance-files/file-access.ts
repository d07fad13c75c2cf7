import type { Actor } from '../auth/actor.js';
import type { Permission } from '../members/permissions.js';
import type { ExecResult } from '../runtime/container-runtime.ports.js';
import { DomainError } from '../shared/domain-error.js';
import type { InstanceDeps } from '../instances/instance.deps.js';
import { accessInstance, onRuntime, type InstanceAccess } from '../instances/instance-runtime.access.js';
import { fileCommands, fileExit } from './file-commands.js';
import { fileRoots, normalizeFilePath, requireResolvedInside, splitPath } from './file-path.rules.js';

/** The instance's container for the file editor: its permission, then the featureFileEditor switch. */
export function accessFiles(deps: InstanceDeps, actor: Actor, id: string, permission: Permission) {
  return accessInstance(deps, actor, id, permission, 'featureFileEditor');
}

/**
 * The normalized path, resolved in the container (`realpath`) and checked to stay inside the
 * roots. With `followLast: false` only the parent is resolved: a symbolic link itself is
 * deleted, not what it points to.
 */
export async function resolvePath(access: InstanceAccess, input: string, followLast = true): Promise<string> {
  const path = normalizeFilePath(input);
  const { parent, name } = splitPath(path);
  const result = await access.execOdoo({ command: fileCommands.realpath(followLast ? path : parent) });
  if (result.exitCode !== 0) throw new DomainError('INVALID_INPUT', `path: ${lastLine(result)}`, { field: 'path' });
  const resolved = result.stdout.replace(/\0$/, '');
  const full = followLast ? resolved : `${resolved}/${name}`;
  requireResolvedInside(path, full);
  return full;
}

const lastLine = (result: ExecResult) =>
  result.stderr.trim().split('\n').at(-1) || result.stdout.trim() || `exit code ${result.exitCode}`;

/** The error a file command's failure means. */
export function fileFailure(path: string, result: ExecResult, maxBytes?: number): DomainError {
  switch (result.exitCode) {
    case fileExit.missing:
      return new DomainError('NOT_FOUND', `${path} does not exist`);
    case fileExit.tooLarge:
      return new DomainError('INVALID_INPUT', `path: ${path} is larger than ${maxBytes ?? 0} bytes`, { field: 'path' });
    case fileExit.notAFile:
      return new DomainError('INVALID_INPUT', `path: ${path} is not a regular file`, { field: 'path' });
    case fileExit.changed:
      return changedError(path);
    default:
      return new DomainError('INVALID_INPUT', `path: ${lastLine(result)}`, { field: 'path' });
  }
}

export const changedError = (path: string) =>
  new DomainError(
    'FILE_CHANGED',
    `${path} changed since it was opened (someone else saved it, or it was created or deleted); open it again and redo your edit`,
  );

/** Whether odoo.conf changed after the container started, so that a restart applies it. */
export async function isRestartRequired(access: InstanceAccess): Promise<boolean> {
  const [state, stat] = await Promise.all([
    onRuntime(() => access.runtime.inspectContainer(access.names.container)),
    access.execOdoo({ command: fileCommands.modifiedAt(fileRoots.conf) }),
  ]);
  if (!state?.startedAt || stat.exitCode !== 0) return false;
  return Number(stat.stdout.trim()) * 1000 > Date.parse(state.startedAt);
}
