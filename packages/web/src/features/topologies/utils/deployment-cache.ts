import type { Deployment } from '@ocore/core';

/** The deployment a `topology.deployment` or `topology.deploy_started` event carries. */
export function deploymentOfEvent(event: { payload: Record<string, unknown> }): Deployment | undefined {
  const deployment = event.payload['deployment'] as Deployment | undefined;
  return deployment && typeof deployment.id === 'string' ? deployment : undefined;
}

/**
 * The newest of two: for the same deployment the incoming one (events arrive in order), else
 * the one created last, so an answer that arrives late never hides a newer deployment.
 */
export function newerDeployment(current: Deployment | null | undefined, incoming: Deployment): Deployment {
  if (!current || current.id === incoming.id) return incoming;
  return Date.parse(incoming.createdAt) >= Date.parse(current.createdAt) ? incoming : current;
}
