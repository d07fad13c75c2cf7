import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import type { ReachabilityProbe } from './server.ports.js';
import { redactServer } from './server.service.js';

export interface ProbeDeps extends CoreDeps {
  reachability: ReachabilityProbe;
}

/** How often each server is probed, and how long a probe may take. */
export const probePolicy = { intervalMs: 5 * 60_000, timeoutMs: 5_000 } as const;

/**
 * Probes the servers whose last probe is older than the interval (skipping maintenance)
 * and records active or unreachable; a change of status is published. Returns how many.
 */
export async function probeDueServers(deps: ProbeDeps, limit: number): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.servers.dueForProbe(new Date(now.getTime() - probePolicy.intervalMs), limit);
  await Promise.all(
    due.map(async (server) => {
      const result = await deps.reachability.probe(server.host, server.port, probePolicy.timeoutMs);
      const status = result.reachable ? 'active' : 'unreachable';
      const error = result.reachable ? null : result.error;
      await commitAndPublish(deps, async (tx, _record, emit) => {
        const saved = await tx.servers.saveProbe(server.id, status, error, deps.clock.now());
        if (saved.status !== server.status) {
          await emit({
            organizationId: saved.organizationId,
            type: 'server.status',
            payload: { targetType: 'server', targetId: saved.id, server: redactServer(saved) },
          });
        }
      });
    }),
  );
  return due.length;
}
