import { RuntimeError, type PullProgress } from '@ocore/core';
import type Docker from 'dockerode';
import { engineMessage, statusOf, toRuntimeError } from './docker-errors.js';
import { describePull, pullAuthFor, type RegistryCredentials } from './registry-auth.js';

interface PullEvent {
  id?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  progressDetail?: { current?: number; total?: number };
}

/**
 * Pulls `ref` unless the engine has it, reporting progress, with the registry credentials when
 * they are for its registry; an image that cannot be had fails with the reason, the registry,
 * and whether credentials were sent (never the password).
 */
export async function ensureImage(
  docker: Docker,
  ref: string,
  onProgress?: (progress: PullProgress) => void,
  credentials?: RegistryCredentials,
): Promise<void> {
  const step = `pull image ${ref}`;
  try {
    await docker.getImage(ref).inspect();
    return;
  } catch (err) {
    if (statusOf(err) !== 404) throw toRuntimeError(`inspect image ${ref}`, err);
  }
  const auth = pullAuthFor(ref, credentials);
  const password = auth.authconfig?.password;
  // Engines do not echo the password; a message is scrubbed all the same before it goes anywhere.
  const scrub = (text: string) => (password ? text.split(password).join('***') : text);
  const inaccessible = (reason: string) =>
    new RuntimeError(
      step,
      `the Docker image ${ref} is not accessible: ${scrub(reason)} (${describePull(auth)})`,
      'image',
    );
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(ref, auth.authconfig ? { authconfig: auth.authconfig } : {});
  } catch (err) {
    const mapped = toRuntimeError(step, err);
    throw mapped.kind === 'unreachable' ? mapped : inaccessible(engineMessage(err));
  }
  const layers = new Map<string, { current: number; total: number }>();
  const events = await new Promise<PullEvent[]>((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: PullEvent[]) => (err ? reject(toRuntimeError(step, err)) : resolve(output)),
      (event: PullEvent) => {
        if (!event.status || event.error) return;
        const { current, total } = event.progressDetail ?? {};
        if (event.id && total) layers.set(event.id, { current: current ?? 0, total });
        if (event.id && event.status === 'Pull complete') {
          const layer = layers.get(event.id);
          if (layer) layer.current = layer.total;
        }
        onProgress?.({ status: event.status, ...percentOf(layers) });
      },
    ),
  );
  const failed = events.find((e) => e.error);
  if (failed) throw inaccessible(failed.errorDetail?.message ?? failed.error ?? 'the pull failed');
  // A pull can end without error and still leave nothing (an empty answer); check it is there.
  try {
    await docker.getImage(ref).inspect();
  } catch {
    throw inaccessible('the engine reported the pull done but has no such image');
  }
}

function percentOf(layers: Map<string, { current: number; total: number }>): { percent?: number } {
  let current = 0;
  let total = 0;
  for (const layer of layers.values()) {
    current += layer.current;
    total += layer.total;
  }
  return total ? { percent: Math.min(100, Math.round((current / total) * 100)) } : {};
}
