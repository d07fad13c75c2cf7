import { createHmac } from 'node:crypto';
import type { OutboundHttp, WebhookSigner } from '@ocore/core';
import type { GuardedFetch } from '../shared/egress/guarded-fetch.js';

/** Webhooks over the guarded fetch: no private or loopback address unless the operator allows it. */
export function createHttpOutbound(fetchFn: GuardedFetch): OutboundHttp {
  return {
    async post(url, body, headers) {
      const answer = await fetchFn(url, { method: 'POST', body, headers });
      return { status: answer.status };
    },
  };
}

/** HMAC-SHA256 in hex, as receivers verify it (`sha256=<hex>` over `<timestamp>.<body>`). */
export const signWebhook: WebhookSigner = (secret, payload) =>
  createHmac('sha256', secret).update(payload).digest('hex');
