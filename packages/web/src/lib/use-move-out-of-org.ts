import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { setToken } from './auth';
import { useTRPC, useTRPCClient } from './trpc';

export interface NoticeState {
  notice?: string;
}

/**
 * After the current organization was deleted or left: continue in another organization of
 * the user's when there is one, or without a current organization (the pages then offer to
 * create one). `notice` says what happened, on the next page.
 */
export function useMoveOutOfOrg() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  return async (notice: string) => {
    const { items } = await client.organizations.listMine.query();
    const next = items[0];
    if (next) {
      const { token } = await client.auth.switchOrg.mutate({ organizationId: next.id });
      setToken(token);
      await queryClient.invalidateQueries();
      await navigate('/org', { state: { notice: `${notice} You are now in “${next.name}”.` } satisfies NoticeState });
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
    await navigate('/org', { state: { notice } satisfies NoticeState });
  };
}
