import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { createAuthFailureHandler } from '../features/auth/api/auth-failure';
import { createPasskeyRequiredHandler } from '../features/passkeys/api/passkey-required';
import { subscribeToken } from '../lib/auth';
import { ToastProvider } from '../components/toast';
import { isClientError } from '../lib/errors';
import { TRPCProvider, trpcClient } from '../lib/trpc';

function createQueryClient(): QueryClient {
  // Every failed request passes these; they need the client itself, so they join once it exists.
  const handlers: ((error: unknown) => void)[] = [];
  const onError = (error: unknown) => handlers.forEach((handle) => handle(error));
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // Live events refresh what the current organization changes; this only spaces out focus refetches.
        staleTime: 30_000,
        retry: (failures, error) => failures < 2 && !isClientError(error),
      },
    },
  });
  handlers.push(createAuthFailureHandler(queryClient), createPasskeyRequiredHandler(queryClient));
  return queryClient;
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);

  useEffect(
    () =>
      subscribeToken((token, origin) => {
        // Signed out: nothing of the old session may show. Another tab switched: refetch all.
        if (token === null) queryClient.clear();
        else if (origin === 'other-tab') void queryClient.invalidateQueries();
      }),
    [queryClient],
  );

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <ToastProvider>{children}</ToastProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
