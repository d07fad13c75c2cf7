import type { Me, Permission } from '@ocore/core';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/** The signed-in user, their current organization, role and permissions. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions());
}

/** True when the user's role in the current organization grants `permission`. */
export function hasPermission(me: Me | undefined, permission: Permission): boolean {
  return me?.permissions.includes(permission) ?? false;
}

/** True when the user is an Owner of the current organization. */
export function isOwner(me: Me | undefined): boolean {
  return me?.role === 'Owner';
}
