import { requirePermission, type Actor } from '../auth/actor.js';
import { sshTargetOf } from './server-target.js';
import type { SecretBox } from '../shared/secret-box.js';
import type { ContainerRuntimes } from '../runtime/container-runtime.ports.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { notFound } from '../shared/domain-error.js';
import type { ServerRecord } from './server.ports.js';
import type { Server } from './server.schema.js';
import { getServer, redactServer } from './server.service.js';

export interface ProbeDeps extends CoreDeps {
  runtimes: ContainerRuntimes;
  secrets: SecretBox;
}

/** How often each server is checked, and how long a check (SSH login, engine answer) may take. */
export const probePolicy = { intervalMs: 5 * 60_000, timeoutMs: 20_000 } as const;

type CheckResult = { reachable: true; hostKey: string | null } | { reachable: false; error: string };

/**
 * Checks a server the way every operation reaches it: an SSH login with its stored key or
 * password against its pinned host key, then the Docker engine answering through it. A TCP
 * port that answers is not enough: a server whose login fails cannot run anything.
 */
async function reachServer(deps: ProbeDeps, server: ServerRecord): Promise<CheckResult> {
  if (!server.sealedKey && !server.sealedPassword)
    return { reachable: false, error: 'no SSH key or password is stored for this server; add one to reach it' };
  const runtime = deps.runtimes.forServer(sshTargetOf(deps.secrets, server));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from ${server.host}:${server.port} within ${probePolicy.timeoutMs / 1000} s`)),
      probePolicy.timeoutMs,
    );
  });
  try {
    const info = await Promise.race([runtime.ping(), timeout]);
    return { reachable: true, hostKey: info.hostKey };
  } catch (err) {
    return { reachable: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks one server and records what it found (the first host key seen is pinned); publishes a change of status. */
async function checkAndSave(deps: ProbeDeps, server: ServerRecord): Promise<ServerRecord> {
  const result = await reachServer(deps, server);
  return commitAndPublish(deps, async (tx, _record, emit) => {
    if (result.reachable && result.hostKey && !server.sshHostKey)
      await tx.servers.update(server.id, { sshHostKey: result.hostKey });
    const status = result.reachable ? 'active' : 'unreachable';
    const saved = await tx.servers.saveProbe(
      server.id,
      status,
      result.reachable ? null : result.error,
      deps.clock.now(),
    );
    if (saved.status !== server.status || saved.lastProbeError !== server.lastProbeError) {
      await emit({
        organizationId: saved.organizationId,
        type: 'server.status',
        payload: { targetType: 'server', targetId: saved.id, server: redactServer(saved) },
      });
    }
    return saved;
  });
}

/**
 * Checks the servers whose last check is older than the interval, or that were never
 * checked (skipping maintenance), and records active or unreachable with the reason. Returns how many.
 */
export async function probeDueServers(
  deps: ProbeDeps,
  limit: number,
  intervalMs: number = probePolicy.intervalMs,
): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.servers.dueForProbe(new Date(now.getTime() - intervalMs), limit);
  await Promise.all(due.map((server) => checkAndSave(deps, server)));
  return due.length;
}

/**
 * Checks a server now, whatever its last check (manage:servers); answers it as it is
 * afterwards. A server in maintenance is checked too (to see it is fit before it goes back)
 * and stays in maintenance.
 */
export async function checkServerNow(deps: ProbeDeps, actor: Actor, id: string): Promise<Server> {
  requirePermission(actor, 'manage:servers');
  const server = await deps.store.servers.find(actor.organizationId, id);
  if (!server) throw notFound('Server');
  await checkAndSave(deps, server);
  return getServer(deps, actor, id);
}
