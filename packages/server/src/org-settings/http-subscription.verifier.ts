import type { RemoteSubscriptionAnswer, SubscriptionVerifier } from '@ocore/core';
import { EgressError, type GuardedFetch } from '../shared/egress/guarded-fetch.js';

export interface HttpSubscriptionVerifierOptions {
  /** OCORE_SUBSCRIPTION_VERIFY_URL; without it the verifier reports itself unconfigured. */
  url?: string;
  /** Sent as `Authorization: Bearer <token>` when given. */
  token?: string;
  fetchFn: GuardedFetch;
}

const NOT_CONFIGURED = 'no remote verifier is configured (OCORE_SUBSCRIPTION_VERIFY_URL)';
const MAX_REASON_LENGTH = 500;

/** A SubscriptionVerifier that POSTs `{code, odooVersion}` to a configured URL and expects `{valid, reason?}`. */
export function createHttpSubscriptionVerifier(options: HttpSubscriptionVerifierOptions): SubscriptionVerifier {
  const { url, token, fetchFn } = options;
  return {
    isConfigured: () => !!url,
    async verify(code, odooVersion) {
      if (!url) return { checked: false, reason: NOT_CONFIGURED };
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      let status: number;
      let text: string;
      try {
        const response = await fetchFn(url, { method: 'POST', headers, body: JSON.stringify({ code, odooVersion }) });
        status = response.status;
        text = await response.text();
      } catch (error) {
        return { checked: false, reason: describeFailure(error) };
      }
      if (status < 200 || status > 299) return { checked: false, reason: `the verifier answered HTTP ${status}` };
      return redact(parseAnswer(text), code);
    },
  };
}

function parseAnswer(text: string): RemoteSubscriptionAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { checked: false, reason: 'the verifier did not answer with JSON' };
  }
  const answer = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof answer.valid !== 'boolean') {
    return { checked: false, reason: 'the verifier answered without a boolean "valid"' };
  }
  if (typeof answer.reason !== 'string') return { checked: true, valid: answer.valid };
  return { checked: true, valid: answer.valid, reason: answer.reason.slice(0, MAX_REASON_LENGTH) };
}

/**
 * The authority's reason is shown to every member and kept in plain text, while the code is
 * write-only and sealed: an authority that names the code ("code X has expired") must not
 * undo that.
 */
function redact(answer: RemoteSubscriptionAnswer, code: string): RemoteSubscriptionAnswer {
  if (answer.reason === undefined || code.length < 4) return answer;
  return { ...answer, reason: answer.reason.replaceAll(code, '[redacted]') };
}

function describeFailure(error: unknown): string {
  if (!(error instanceof EgressError))
    return `the verifier could not be asked: ${error instanceof Error ? error.message : 'unknown error'}`;
  if (error.reason === 'timeout') return `the verifier at ${error.host} ${error.detail}`;
  return `the verifier could not be asked: ${error.message}`;
}
