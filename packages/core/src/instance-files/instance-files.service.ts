import type { Actor } from '../auth/actor.js';
import type { InstanceDeps } from '../instances/instance.deps.js';
import { DomainError } from '../shared/domain-error.js';
import { fileCommands, parseListing } from './file-commands.js';
import { accessFiles, fileFailure, isRestartRequired, resolvePath } from './file-access.js';
import { editorLanguage, fileRoots, splitPath } from './file-path.rules.js';
import { fileLimits, type FileContent, type FileDownload, type FileListing } from './instance-files.schema.js';

/**
 * A folder of the instance's custom addons (view:instances, featureFileEditor); without a
 * path, the two roots: the addons folder and odoo.conf.
 */
export async function listInstanceFiles(
  deps: InstanceDeps,
  actor: Actor,
  input: { id: string; path?: string | undefined },
): Promise<FileListing> {
  const access = await accessFiles(deps, actor, input.id, 'view:instances');
  const restartRequired = await isRestartRequired(access);
  if (input.path === undefined) {
    const roots = [fileRoots.addons, fileRoots.conf].map((path) => ({
      name: splitPath(path).name,
      path,
      type: path === fileRoots.conf ? ('file' as const) : ('directory' as const),
      size: 0,
      modifiedAt: null,
    }));
    return { path: null, items: roots, restartRequired };
  }
  const path = await resolvePath(access, input.path);
  if (path === fileRoots.conf)
    throw new DomainError('INVALID_INPUT', `path: ${path} is a file, not a folder`, { field: 'path' });
  const result = await access.execOdoo({ command: fileCommands.list(path) });
  if (result.exitCode !== 0) throw fileFailure(path, result);
  return { path, items: parseListing(result.stdout, path), restartRequired };
}

/** A text file to edit, with its version for the save's conflict check (view:instances, featureFileEditor). */
export async function readInstanceFile(
  deps: InstanceDeps,
  actor: Actor,
  input: { id: string; path: string },
): Promise<FileContent> {
  const access = await accessFiles(deps, actor, input.id, 'view:instances');
  const path = await resolvePath(access, input.path);
  const result = await access.execOdoo({ command: fileCommands.read(path, fileLimits.editBytes) });
  if (result.exitCode !== 0) throw fileFailure(path, result, fileLimits.editBytes);
  const version = result.stdout.slice(0, 64);
  const content = result.stdout.slice(65);
  if (content.includes('\0') || content.includes('\uFFFD'))
    throw new DomainError('INVALID_INPUT', `path: ${path} is not UTF-8 text; download it instead`, { field: 'path' });
  return { path, content, version, size: new TextEncoder().encode(content).length, language: editorLanguage(path) };
}

/** A file's bytes, in base64 (view:instances, featureFileEditor). */
export async function downloadInstanceFile(
  deps: InstanceDeps,
  actor: Actor,
  input: { id: string; path: string },
): Promise<FileDownload> {
  const access = await accessFiles(deps, actor, input.id, 'view:instances');
  const path = await resolvePath(access, input.path);
  const result = await access.execOdoo({ command: fileCommands.download(path, fileLimits.transferBytes) });
  if (result.exitCode !== 0) throw fileFailure(path, result, fileLimits.transferBytes);
  const contentBase64 = result.stdout.trim();
  const padding = contentBase64.endsWith('==') ? 2 : contentBase64.endsWith('=') ? 1 : 0;
  return { name: splitPath(path).name, size: (contentBase64.length / 4) * 3 - padding, contentBase64 };
}
