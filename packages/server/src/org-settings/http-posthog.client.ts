import type { PosthogClient, PosthogProbe } from '@ocore/core';
import type { Response } from 'undici';
import { EgressError, type GuardedFetch } from '../shared/egress/guarded-fetch.js';

/** A PostHogClient over HTTP; pass a guarded fetch, since the host is chosen by the user. */
export function createHttpPosthogClient(fetchFn: GuardedFetch): PosthogClient {
  return {
    async currentProject(host, apiKey) {
      const base = host.trim().replace(/\/+$/, '');
      const shown = displayHost(base);
      let probe: PosthogProbe;
      try {
        const response = await fetchFn(`${base}/api/projects/@current/`, {
          headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
        });
        probe = await judgeAnswer(response, shown);
      } catch (error) {
        probe = describeFailure(error, shown);
      }
      return redact(probe, apiKey);
    },
  };
}

async function judgeAnswer(response: Response, shown: string): Promise<PosthogProbe> {
  const status = `HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403) {
    return { ok: false, reason: 'rejected_key', message: `PostHog rejected the personal API key (${status})` };
  }
  const notPosthog = (what: string): PosthogProbe => ({
    ok: false,
    reason: 'not_posthog',
    message: `${shown} did not answer like PostHog (${status}, ${what})`,
  });
  if (response.status !== 200) return notPosthog(response.headers.get('content-type') ?? 'no content type');
  const body = parseJson(await response.text());
  if (body === undefined) return notPosthog('not JSON');
  const name: unknown = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).name : undefined;
  if (typeof name !== 'string') return notPosthog('JSON without a project name');
  return { ok: true, projectName: name };
}

function describeFailure(error: unknown, shown: string): PosthogProbe {
  if (!(error instanceof EgressError)) {
    const detail = error instanceof Error ? error.message : 'unknown error';
    return { ok: false, reason: 'unreachable', message: `Cannot reach PostHog at ${shown}: ${detail}` };
  }
  // After a redirect the failing host may not be the one the user typed: name both then.
  const detail = error.host === shown || error.host === '' ? error.detail : `${error.host}: ${error.detail}`;
  switch (error.reason) {
    case 'blocked_address':
      return { ok: false, reason: 'blocked_address', message: `Refusing to contact PostHog at ${shown}: ${detail}` };
    case 'timeout':
      return { ok: false, reason: 'timeout', message: `PostHog at ${shown} ${detail}` };
    case 'too_many_redirects':
      return { ok: false, reason: 'not_posthog', message: `${shown} did not answer like PostHog (too many redirects)` };
    case 'unreachable':
    case 'invalid_url':
      return { ok: false, reason: 'unreachable', message: `Cannot reach PostHog at ${shown}: ${detail}` };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function displayHost(base: string): string {
  try {
    return new URL(base).host || 'the given address';
  } catch {
    return 'the given address';
  }
}

/** The key is never put into a message on purpose; this guards against it arriving via the host text. */
function redact(probe: PosthogProbe, apiKey: string): PosthogProbe {
  if (probe.ok || apiKey.length < 4) return probe;
  return { ...probe, message: probe.message.replaceAll(apiKey, '[redacted]') };
}
