import type { IncomingMessage, ServerResponse } from 'node:http';
import type { instanceLogsInput } from '@ocore/core';
import type { z } from 'zod';
import { sendBody } from '../http/send-body.js';
import { appRouter } from '../trpc/app.router.js';
import type { Context } from '../trpc/context.js';
import { createCallerFactory } from '../trpc/trpc.js';

/** `GET /api/instances/{id}/logs/download`: answered as a text file, not as JSON. */
export const logsDownloadPattern = /^\/api\/instances\/([^/]+)\/logs\/download$/;

/**
 * Answers the download as `text/plain` (an attachment), through the same procedure as REST
 * (`instanceLogs.download`). A refusal goes the REST way, which runs the procedure again and
 * answers the documented JSON error.
 */
export function createLogsDownload(
  createContext: (opts: { req: IncomingMessage }) => Context,
  rest: (req: IncomingMessage, res: ServerResponse) => unknown,
) {
  const createCaller = createCallerFactory(appRouter);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const id = decodeURIComponent(logsDownloadPattern.exec(url.pathname)?.[1] ?? '');
    const input = { ...Object.fromEntries(url.searchParams), id } as z.input<typeof instanceLogsInput>;
    let text: string;
    try {
      text = await createCaller(createContext({ req })).instanceLogs.download(input);
    } catch {
      rest(req, res);
      return;
    }
    sendBody(res, 200, 'text/plain; charset=utf-8', text, {
      'Content-Disposition': `attachment; filename="instance-${id.replace(/[^\w-]/g, '')}.log"`,
      'Cache-Control': 'no-store',
    });
  };
}
