import { useMutation } from '@tanstack/react-query';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

/** Asks PostHog, through the server, whether the stored key works, and shows the answer. */
export function PosthogTest({ hasKey }: { hasKey: boolean }) {
  const trpc = useTRPC();
  const test = useMutation(trpc.settings.testPosthog.mutationOptions());

  return (
    <div className="inline-check">
      <div className="form-actions">
        <Button
          variant="secondary"
          disabled={!hasKey}
          pending={test.isPending}
          pendingLabel="Testing…"
          onClick={() => test.mutate()}
        >
          Test connection
        </Button>
        <p className="field-hint">
          {hasKey ? 'Uses the saved API host and personal API key.' : 'Save a personal API key first.'}
        </p>
      </div>
      {test.isSuccess ? (
        <Alert tone={test.data.success ? 'success' : 'error'}>
          <p>{test.data.message}</p>
          {test.data.projectName ? (
            <p>
              Project: <strong>{test.data.projectName}</strong>
            </p>
          ) : null}
        </Alert>
      ) : null}
      {test.isError ? <Alert>{messageOf(test.error)}</Alert> : null}
    </div>
  );
}
