import { useMutation } from '@tanstack/react-query';
import { Button } from '../../../components/button';
import { logout } from '../../../lib/auth';
import { useTRPC } from '../../../lib/trpc';

/**
 * Ends the session on the server (its tokens stop working at once), then here; the route
 * guard then shows the sign-in page. A failure (already ended, offline) still signs out here.
 */
export function LogoutButton() {
  const trpc = useTRPC();
  const end = useMutation(trpc.auth.logout.mutationOptions({ onSettled: () => logout() }));
  return (
    <Button variant="ghost" size="sm" pending={end.isPending} pendingLabel="Logging out…" onClick={() => end.mutate()}>
      Log out
    </Button>
  );
}
