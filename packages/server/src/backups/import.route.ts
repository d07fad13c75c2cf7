import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { authenticate, DomainError, importBackup, requireActor } from '@ocore/core';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import busboy from 'busboy';
import { bearerToken, clientIp, type AppDeps } from '../trpc/context.js';
import { asTrpcError } from '../trpc/error-map.js';
import { sendBody } from '../http/send-body.js';
import { sendProblem } from './backup-download.route.js';

const importPath = /^\/api\/instances\/([0-9a-fA-F-]{36})\/import$/;

/** The instance id when the request is `POST /api/instances/{id}/import`. */
export function backupImportId(method: string | undefined, path: string): string | undefined {
  return method === 'POST' ? importPath.exec(path)?.[1] : undefined;
}

interface Upload {
  body: AsyncIterable<Uint8Array>;
  fields: Record<string, string>;
}

/** The first file part of a multipart upload (with the fields sent before it), streamed. */
function multipartFile(req: IncomingMessage): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let found = false;
    const parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 1024 } });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, file: Readable) => {
      found = true;
      resolve({ body: file, fields });
    });
    parser.on('error', (err: Error) =>
      reject(new DomainError('INVALID_INPUT', `file: ${err.message}`, { field: 'file' })),
    );
    parser.on('close', () => {
      if (!found)
        reject(new DomainError('INVALID_INPUT', 'file: the multipart upload has no file part', { field: 'file' }));
    });
    req.pipe(parser);
  });
}

/** The zip: the body itself (application/zip, application/octet-stream), or a multipart form's file. */
async function uploadOf(req: IncomingMessage): Promise<Upload> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return multipartFile(req);
  if (type && !type.startsWith('application/zip') && !type.startsWith('application/octet-stream'))
    throw new DomainError(
      'INVALID_INPUT',
      'file: send the zip as the body (Content-Type: application/zip) or as a multipart/form-data file',
      { field: 'file' },
    );
  return { body: req, fields: {} };
}

/**
 * `POST /api/instances/{id}/import`: an Odoo backup zip made elsewhere, streamed from the
 * request to a backup destination (`?destinationId=`, or the organization's only one) and
 * restored into the instance in place once its version matched; answers 202 with the
 * backup and the queued restore. Nothing of the upload is held in memory or on disk here.
 */
export async function receiveBackupImport(
  deps: AppDeps,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  trustProxy: boolean,
): Promise<void> {
  let upload: Upload | undefined;
  try {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>');
    const actor = requireActor(await authenticate(deps, token, clientIp(req, trustProxy)));
    upload = await uploadOf(req);
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const destinationId = query.get('destinationId') ?? upload.fields['destinationId'];
    const result = await importBackup(deps, actor, {
      id,
      destinationId: destinationId || undefined,
      body: upload.body,
    });
    sendBody(res, 202, 'application/json', JSON.stringify(result));
  } catch (err) {
    if (getHTTPStatusCodeFromError(asTrpcError(err)) === 500) deps.log.error({ err }, 'backup import failed');
    // What the client still sends is read and dropped, so that it hears the answer.
    if (upload && upload.body !== req && 'resume' in upload.body) (upload.body as Readable).resume();
    req.resume();
    if (!res.headersSent) sendProblem(res, err);
  }
}
