import type { Deployment } from '@ocore/core';

/**
 * The newest of two: for the same deployment the incoming one (events arrive in order), else
 * the one created last, so an answer that arrives late never hides a newer deployment.
 */
export function newerDeployment(current: Deployment | null | undefined, incoming: Deployment): Deployment {
  if (!current || current.id === incoming.id) return incoming;
  return Date.parse(incoming.createdAt) >= Date.parse(current.createdAt) ? incoming : current;
}
