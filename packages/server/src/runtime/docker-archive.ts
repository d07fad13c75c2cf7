import { RuntimeError, type ContainerFile } from '@ocore/core';
import type Docker from 'dockerode';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { extract, pack } from 'tar-stream';
import { attempt, statusOf, toRuntimeError } from './docker-errors.js';

/**
 * Writes files into a container as one tar extracted at `/`, with each entry's full path, so
 * that the engine creates missing parent directories (it refuses to extract into a missing one).
 */
export async function putFiles(
  docker: Docker,
  name: string,
  directory: string,
  files: readonly ContainerFile[],
): Promise<void> {
  const step = `write files into ${directory} of container ${name}`;
  if (!directory.startsWith('/')) throw new RuntimeError(step, 'the directory must be an absolute path');
  const tar = pack();
  for (const file of files) {
    const path = posix.normalize(posix.join(directory, file.path));
    if (file.path.startsWith('/') || !path.startsWith(posix.join(directory, '/')))
      throw new RuntimeError(step, `"${file.path}" is not a path inside ${directory}`);
    const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
    tar.entry(
      {
        name: path.slice(1),
        mode: file.mode ?? 0o644,
        uid: file.uid ?? 0,
        gid: file.gid ?? 0,
        mtime: new Date(),
      },
      content,
    );
  }
  tar.finalize();
  await attempt(step, () => docker.getContainer(name).putArchive(toNodeStream(tar), { path: '/' }));
}

/** A tar of `path` in the container, streamed. */
export async function* getArchive(docker: Docker, name: string, path: string): AsyncIterable<Uint8Array> {
  const stream = await attempt(`read ${path} of container ${name}`, () =>
    docker.getContainer(name).getArchive({ path }),
  );
  for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
}

/** A regular file of the container (running or stopped) as text; undefined when the container or file is missing. */
export async function readFile(docker: Docker, name: string, path: string): Promise<string | undefined> {
  const step = `read ${path} of container ${name}`;
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.getContainer(name).getArchive({ path });
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw toRuntimeError(step, err);
  }
  const tar = extract();
  stream.pipe(tar);
  let content: string | undefined;
  for await (const entry of tar) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (content === undefined && entry.header.type === 'file') content = Buffer.concat(chunks).toString('utf8');
  }
  return content;
}

/**
 * Extracts a tar stream into `directory` (which must exist) of the container. The engine's
 * request reads the tar through `pipe()`, which leaves the source's errors to it: a tar that
 * fails half way (bytes that do not decrypt, a source that drops) would be an uncaught error
 * and leave the request waiting. Its failure aborts the request and is what the call throws.
 */
export async function putArchive(
  docker: Docker,
  name: string,
  directory: string,
  tar: AsyncIterable<Uint8Array>,
): Promise<void> {
  const body = Readable.from(tar);
  const abort = new AbortController();
  let failure: Error | undefined;
  body.once('error', (err) => {
    failure = err;
    abort.abort(err);
  });
  try {
    await attempt(`write an archive into ${directory} of container ${name}`, () =>
      docker.getContainer(name).putArchive(body, { path: directory, abortSignal: abort.signal }),
    );
  } catch (err) {
    throw failure ?? err;
  }
  if (failure) throw failure;
}

/** tar-stream's pack is a streamx stream; dockerode pipes node streams. */
function toNodeStream(tar: ReturnType<typeof pack>): Readable {
  return Readable.from(tar);
}
