import { Button } from '../../../components/button';
import { logout } from '../../../lib/auth';

/** Ends the session; the route guard then shows the sign-in page. */
export function LogoutButton() {
  return (
    <Button variant="ghost" size="sm" onClick={() => logout()}>
      Log out
    </Button>
  );
}
