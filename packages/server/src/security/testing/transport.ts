import WebSocket from 'ws';
import type { Procedure } from './procedures.js';

export type Transport = 'rest' | 'trpc' | 'ws';

/** What one call answered, whatever the transport: the HTTP status and the error body flattened. */
export interface Answer {
  transport: Transport;
  status: number;
  /** REST: the JSON body. tRPC: `result.data`, or the `error` object. WS: the data or error. */
  body: any;
  text: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A value as URL text; a lone surrogate (which no URL can carry) becomes U+FFFD, as URLSearchParams does. */
const asText = (value: unknown) =>
  (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))).replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );

/** The REST request for an input: path parameters in the path, the rest as query or JSON body. */
export function restRequest(
  procedure: Procedure,
  input: unknown,
): { method: string; path: string; body: string | undefined } {
  const rest = procedure.rest;
  if (!rest) throw new Error(`${procedure.path} has no REST mapping`);
  const fields = isPlainObject(input) ? { ...input } : undefined;
  let path = rest.path;
  for (const name of rest.pathParams) {
    const value = fields?.[name];
    if (fields) delete fields[name];
    path = path.replace(`{${name}}`, encodeURIComponent(value === undefined ? 'missing' : asText(value)));
  }
  if (rest.method === 'GET' || rest.method === 'DELETE') {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) query.append(key, asText(item));
    }
    const search = query.toString();
    return { method: rest.method, path: search ? `${path}?${search}` : path, body: undefined };
  }
  const body = fields ?? input;
  return {
    method: rest.method,
    path,
    body:
      body === undefined || (fields && Object.keys(fields).length === 0 && rest.pathParams.length > 0)
        ? undefined
        : JSON.stringify(body),
  };
}

function headersFor(token: string | undefined, hasBody: boolean): Record<string, string> {
  return {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
  };
}

/** Calls a procedure at its documented REST path. */
export async function callRest(baseUrl: string, procedure: Procedure, input: unknown, token?: string): Promise<Answer> {
  const request = restRequest(procedure, input);
  const res = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: headersFor(token, request.body !== undefined),
    body: request.body,
  });
  const text = await res.text();
  return { transport: 'rest', status: res.status, body: parse(text), text };
}

/**
 * Calls a procedure over tRPC's HTTP endpoint, as tRPC's own client does (a mutation always
 * says its body is JSON, even when it has none). A subscription answers as a server-sent event
 * stream: once its headers say it started, the stream is dropped.
 */
export async function callTrpc(baseUrl: string, procedure: Procedure, input: unknown, token?: string): Promise<Answer> {
  const url = `${baseUrl}/trpc/${procedure.path}`;
  const encoded = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input) ?? 'null')}`;
  const abort = new AbortController();
  const res =
    procedure.type === 'mutation'
      ? await fetch(url, {
          method: 'POST',
          headers: headersFor(token, true),
          body: input === undefined ? undefined : JSON.stringify(input),
        })
      : await fetch(`${url}${encoded}`, { headers: headersFor(token, false), signal: abort.signal });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    abort.abort();
    return { transport: 'trpc', status: res.status, body: { started: true }, text: '' };
  }
  const text = await res.text();
  const json = parse(text) as { result?: { data?: unknown }; error?: unknown } | undefined;
  return { transport: 'trpc', status: res.status, body: json?.error ?? json?.result?.data ?? json, text };
}

/**
 * Calls a query or mutation over tRPC's HTTP endpoint with several inputs in one batched
 * request; each answer gets its own status. A refusal of the whole request (too large) is
 * every input's answer.
 */
export async function callTrpcBatch(
  baseUrl: string,
  procedure: Procedure,
  inputs: unknown[],
  token?: string,
): Promise<Answer[]> {
  const paths = inputs.map(() => procedure.path).join(',');
  const batch = JSON.stringify(Object.fromEntries(inputs.map((input, i) => [String(i), input])));
  const res =
    procedure.type === 'mutation'
      ? await fetch(`${baseUrl}/trpc/${paths}?batch=1`, {
          method: 'POST',
          headers: headersFor(token, true),
          body: batch,
        })
      : await fetch(`${baseUrl}/trpc/${paths}?batch=1&input=${encodeURIComponent(batch)}`, {
          headers: headersFor(token, false),
        });
  const text = await res.text();
  const items = parse(text);
  if (!Array.isArray(items) || items.length !== inputs.length) {
    // The whole batch refused (too many calls, too costly): its error is every input's answer.
    const body = (items as { error?: unknown } | undefined)?.error ?? items;
    return inputs.map(() => ({ transport: 'trpc', status: res.status, body, text }));
  }
  return items.map((item: { result?: { data?: unknown }; error?: { data?: { httpStatus?: number } } }) => ({
    transport: 'trpc',
    status: item.error ? (item.error.data?.httpStatus ?? 500) : 200,
    body: item.error ?? item.result?.data,
    text: JSON.stringify(item),
  }));
}

export interface Subscription {
  /** The answer to the subscribe request: 200 once started, else the error's HTTP status. */
  answer: Answer;
  /** Data messages received so far. */
  received: unknown[];
  close(): void;
}

/** Subscribes over the WebSocket endpoint with the token in the upgrade request. */
export function subscribeWs(baseUrl: string, path: string, input: unknown, token?: string): Promise<Subscription> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/trpc`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const received: unknown[] = [];
  const close = () => ws.close();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to the ${path} subscription`)), 10_000);
    const done = (answer: Answer) => {
      clearTimeout(timer);
      resolve({ answer, received, close });
    };
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { path, input } })));
    ws.on('message', (raw: Buffer) => {
      const text = raw.toString();
      const message = parse(text) as {
        id?: number;
        result?: { type: string; data?: unknown };
        error?: { data?: { httpStatus?: number } };
      };
      if (message.error)
        done({ transport: 'ws', status: message.error.data?.httpStatus ?? 500, body: message.error, text });
      else if (message.result?.type === 'started')
        done({ transport: 'ws', status: 200, body: { started: true }, text });
      else if (message.result?.type === 'data') received.push(message.result.data);
    });
  });
}
