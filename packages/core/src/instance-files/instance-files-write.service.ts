import type { Actor } from '../auth/actor.js';
import type { InstanceDeps } from '../instances/instance.deps.js';
import { managedOdooConfKeys } from '../instances/instance.rules.js';
import { onRuntime, type InstanceAccess } from '../instances/instance-runtime.access.js';
import { commitAndPublish } from '../shared/change.js';
import type { DomainEventType } from '../shared/domain-events.js';
import { DomainError } from '../shared/domain-error.js';
import { fileCommands } from './file-commands.js';
import { accessFiles, changedError, fileFailure, isRestartRequired, resolvePath } from './file-access.js';
import { fileRoots, isRootPath } from './file-path.rules.js';
import type { CreateFileInput, FileWritten, UploadFileInput, WriteFileInput } from './instance-files.schema.js';

/** `none`: the file must not exist; `any`: replace whatever is there; else the version read. */
type Expected = string;

/**
 * odoo.conf belongs to root (the control plane writes it when it creates the container): it
 * is written the same way, through the engine, after the version check.
 */
async function writeConf(access: InstanceAccess, content: string | Uint8Array, expected: Expected): Promise<string> {
  const current = await access.execOdoo({ command: fileCommands.version(fileRoots.conf) });
  if (current.exitCode !== 0) throw fileFailure(fileRoots.conf, current);
  if (expected !== 'any' && current.stdout.trim() !== expected) throw changedError(fileRoots.conf);
  await onRuntime(() =>
    access.runtime.putFiles(access.names.container, '/etc/odoo', [{ path: 'odoo.conf', content, mode: 0o644 }]),
  );
  const after = await access.execOdoo({ command: fileCommands.version(fileRoots.conf) });
  return after.stdout.trim();
}

/** Writes a file of the addons (as the Odoo user) or odoo.conf, checking its version first. */
async function writeChecked(
  access: InstanceAccess,
  path: string,
  content: string | Uint8Array,
  expected: Expected,
): Promise<string> {
  if (path === fileRoots.conf) return writeConf(access, content, expected);
  const result = await access.execOdoo({ command: fileCommands.write(path, expected), stdin: content });
  if (result.exitCode !== 0) throw fileFailure(path, result);
  return result.stdout.trim();
}

/** Records the change in the audit log once it is made. */
async function audit(
  deps: InstanceDeps,
  actor: Actor,
  id: string,
  action: Extract<DomainEventType, `instance.file_${string}`>,
  diff: Record<string, unknown>,
) {
  await commitAndPublish(deps, async (_tx, record) => {
    await record(actor, { organizationId: actor.organizationId, action, targetType: 'instance', targetId: id, diff });
  });
}

async function written(access: InstanceAccess, path: string, version: string): Promise<FileWritten> {
  if (path !== fileRoots.conf) return { path, version, restartRequired: false };
  return { path, version, restartRequired: await isRestartRequired(access), managedKeys: [...managedOdooConfKeys] };
}

/**
 * Saves a text file (manage:instances, featureFileEditor) unless it changed since it was read
 * (FILE_CHANGED); `expectedVersion: null` creates it and fails when it exists. A saved
 * odoo.conf is applied by a restart (`restartRequired`).
 */
export async function writeInstanceFile(deps: InstanceDeps, actor: Actor, input: WriteFileInput): Promise<FileWritten> {
  const access = await accessFiles(deps, actor, input.id, 'manage:instances');
  const path = await resolvePath(access, input.path);
  const version = await writeChecked(access, path, input.content, input.expectedVersion ?? 'none');
  await audit(deps, actor, input.id, 'instance.file_written', {
    path,
    bytes: new TextEncoder().encode(input.content).length,
  });
  return written(access, path, version);
}

/** Uploads a file of any kind (manage:instances, featureFileEditor); replaces one only with `overwrite`. */
export async function uploadInstanceFile(
  deps: InstanceDeps,
  actor: Actor,
  input: UploadFileInput,
): Promise<FileWritten> {
  const access = await accessFiles(deps, actor, input.id, 'manage:instances');
  const path = await resolvePath(access, input.path);
  const bytes = Uint8Array.from(atob(input.contentBase64), (c) => c.charCodeAt(0));
  const version = await writeChecked(access, path, bytes, input.overwrite ? 'any' : 'none');
  await audit(deps, actor, input.id, 'instance.file_uploaded', { path, bytes: bytes.length });
  return written(access, path, version);
}

/** Creates an empty file or a folder in the addons (manage:instances, featureFileEditor). */
export async function createInstanceFile(
  deps: InstanceDeps,
  actor: Actor,
  input: CreateFileInput,
): Promise<FileWritten> {
  const access = await accessFiles(deps, actor, input.id, 'manage:instances');
  const path = await resolvePath(access, input.path);
  if (isRootPath(path)) throw new DomainError('INVALID_INPUT', `path: ${path} already exists`, { field: 'path' });
  let version = '';
  if (input.type === 'directory') {
    const result = await access.execOdoo({ command: fileCommands.mkdir(path) });
    if (result.exitCode !== 0) throw fileFailure(path, result);
  } else {
    version = await writeChecked(access, path, '', 'none');
  }
  await audit(deps, actor, input.id, 'instance.file_created', { path, type: input.type });
  return { path, version, restartRequired: false };
}

/** Deletes a file, a symbolic link or a whole folder of the addons (manage:instances, featureFileEditor). */
export async function deleteInstanceFile(
  deps: InstanceDeps,
  actor: Actor,
  input: { id: string; path: string },
): Promise<void> {
  const access = await accessFiles(deps, actor, input.id, 'manage:instances');
  const path = await resolvePath(access, input.path, false);
  if (isRootPath(path))
    throw new DomainError('INVALID_INPUT', `path: ${path} is a root of the editor and cannot be deleted`, {
      field: 'path',
    });
  const result = await access.execOdoo({ command: fileCommands.remove(path) });
  if (result.exitCode !== 0) throw fileFailure(path, result);
  await audit(deps, actor, input.id, 'instance.file_deleted', { path });
}
