import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { authenticate, DomainError, openBackupDownload, requireActor } from '@ocore/core';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { bearerToken, clientIp, type AppDeps } from '../trpc/context.js';
import { asTrpcError } from '../trpc/error-map.js';
import { sendBody } from '../http/send-body.js';

const downloadPath = /^\/api\/backups\/([0-9a-fA-F-]{36})\/download$/;

/** The backup id when the request is `GET /api/backups/{id}/download`. */
export function backupDownloadId(method: string | undefined, path: string): string | undefined {
  return method === 'GET' || method === 'HEAD' ? downloadPath.exec(path)?.[1] : undefined;
}

/** A failure as the REST layer words it: status from the error table, the same body shape. */
export function sendProblem(res: ServerResponse, err: unknown): void {
  const error = asTrpcError(err);
  const cause = error.cause instanceof DomainError ? error.cause : undefined;
  const status = getHTTPStatusCodeFromError(error);
  const internal = status === 500;
  sendBody(
    res,
    status,
    'application/json',
    JSON.stringify({
      message: internal ? 'Internal server error' : error.message,
      code: error.code,
      error: cause?.code ?? error.code,
      ...(cause?.field ? { field: cause.field } : {}),
      ...(cause?.permission ? { permission: cause.permission } : {}),
      ...(cause?.feature ? { feature: cause.feature } : {}),
    }),
  );
}

/**
 * `GET /api/backups/{id}/download`: the backup's zip (Odoo's, or the `dump` variant's) streamed
 * from its destination to the client, decrypted as it goes when it is encrypted at rest (an
 * altered byte breaks the download off); a plain route, as trpc-to-openapi answers JSON only.
 * Same token, permission and feature checks as the procedures; nothing of the backup is held
 * in memory or on disk here.
 */
export async function sendBackupDownload(
  deps: AppDeps,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  trustProxy: boolean,
): Promise<void> {
  try {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>');
    const actor = requireActor(await authenticate(deps, token, clientIp(req, trustProxy)));
    const download = await openBackupDownload(deps, actor, id);
    res.writeHead(200, {
      'Content-Type': 'application/zip',
      'Content-Length': String(download.sizeBytes),
      'Content-Disposition': `attachment; filename="${download.filename}"`,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') {
      res.end();
      await download.stream[Symbol.asyncIterator]().return?.();
      return;
    }
    await pipeline(Readable.from(download.stream), res);
  } catch (err) {
    if (res.headersSent) {
      deps.log.warn({ err, backupId: id }, 'backup download broke off');
      res.destroy();
      return;
    }
    if (getHTTPStatusCodeFromError(asTrpcError(err)) === 500) deps.log.error({ err }, 'backup download failed');
    sendProblem(res, err);
  }
}
