import type { ServerResponse } from 'node:http';

/**
 * Answers with a whole body and its length. Headers written before the body leave Node without
 * a length, and it would send the body chunked: a chunk header, the body and a last chunk.
 */
export function sendBody(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
