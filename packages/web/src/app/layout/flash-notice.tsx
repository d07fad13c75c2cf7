import { useLocation } from 'react-router';
import { Alert } from '../../components/alert';
import type { NoticeState } from '../../lib/use-move-out-of-org';

/** A one-time message handed over by the previous page through the navigation state. */
export function FlashNotice() {
  const notice = (useLocation().state as NoticeState | null)?.notice;
  return notice ? (
    <div className="flash">
      <Alert tone="info">{notice}</Alert>
    </div>
  ) : null;
}
