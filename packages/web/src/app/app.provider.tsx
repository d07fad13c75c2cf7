import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { createAuthFailureHandler } from '../features/auth/api/auth-failure';
import { subscribeToken } from '../lib/auth';
import { isClientError } from '../lib/errors';
import { TRPCProvider, trpcClient } from '../lib/trpc';

function createQueryClient(): QueryClient {
  let onAuthFailure: (error: unknown) => void = () => undefined;
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => onAuthFailure(error) }),
    mutationCache: new MutationCache({ onError: (error) => onAuthFailure(error) }),
    defaultOptions: {
      queries: {
        // Live events refresh what the current organization changes; this only spaces out focus refetches.
        staleTime: 30_000,
        retry: (failures, error) => failures < 2 && !isClientError(error),
      },
    },
  });
  onAuthFailure = createAuthFailureHandler(queryClient);
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
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
