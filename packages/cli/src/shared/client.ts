import type { AppRouter } from '@ocore/server';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, type TRPCClient } from '@trpc/client';
import { ConnectionError } from './errors.js';

export type ApiClient = TRPCClient<AppRouter>;

const requestTimeoutMs = 30_000;

function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${requestTimeoutMs / 1000} s`;
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return 'code' in cause ? String(cause.code) : cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * fetch with a timeout, whose failures name the server: a refused connection or an answer
 * that is not JSON (another program on that port) become a ConnectionError.
 */
function createFetch(baseUrl: string): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(requestTimeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal });
    } catch (error) {
      throw new ConnectionError(`the server at ${baseUrl} is unreachable (${networkReason(error)})`, { cause: error });
    }
    if (!response.headers.get('content-type')?.includes('application/json')) {
      throw new ConnectionError(
        `the server at ${baseUrl} did not answer like an oCore server (HTTP ${response.status})`,
      );
    }
    return response;
  };
}

/**
 * A typed client of the oCore API at `baseUrl`, sending `token` when there is one.
 *
 * A mutation without input (organizations.delete) goes through the batch link: httpLink
 * posts it with an empty body, which tRPC 11.22.1's node adapter answers with 400
 * "Unexpected end of JSON input", while the batch link posts `{}`.
 */
export function createApiClient(baseUrl: string, token: string | undefined): ApiClient {
  const options = {
    url: `${baseUrl}/trpc`,
    fetch: createFetch(baseUrl),
    headers: () => (token ? { Authorization: `Bearer ${token}` } : {}),
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'mutation' && op.input === undefined,
        true: httpBatchLink({ ...options, maxItems: 1 }),
        false: httpLink(options),
      }),
    ],
  });
}
