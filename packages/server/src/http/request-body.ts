import type { IncomingMessage } from 'node:http';

/**
 * A request without a body: neither chunks nor a length (`curl -X POST` with no `-d`), or a
 * length of 0 (`-d ''`, fetch's bodyless POST).
 */
export function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && (length === undefined || Number(length) === 0);
}
