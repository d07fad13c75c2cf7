import {
  authorizeInstanceLogs,
  followInstanceLogs,
  followInstanceLogsInput,
  instanceLogPageSchema,
  instanceLogsInput,
  logsAsText,
  readInstanceLogs,
} from '@ocore/core';
import { z } from 'zod';
import { guardedStream } from '../events/guarded-stream.js';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Instance logs'];

export const instanceLogsRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances/{id}/logs',
        tags,
        protect: true,
        summary:
          'The instance’s Odoo log and its operations’ lines, in time order; search, lowest level, since/until, tail (view:instances; featureLogs for client members)',
      },
    })
    .input(instanceLogsInput)
    .output(instanceLogPageSchema)
    .query(({ ctx, input }) => readInstanceLogs(ctx.deps, ctx.actor, input)),
  /** The same lines as a text file; REST answers it as `text/plain` (see logs-download.ts). */
  download: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances/{id}/logs/download',
        tags,
        protect: true,
        summary: 'The instance’s log as a text file, with the same filters (view:instances; featureLogs)',
      },
    })
    .input(instanceLogsInput)
    .output(z.string())
    .query(async ({ ctx, input }) => logsAsText((await readInstanceLogs(ctx.deps, ctx.actor, input)).items)),
  /**
   * The Odoo container's lines as they are written (`docker logs --follow`), filtered by text
   * and lowest level. Ends with the error REST would answer once the member loses access
   * (removed, role changed, `featureLogs` switched off).
   */
  follow: orgProcedure.input(followInstanceLogsInput).subscription(({ ctx, input, signal }) =>
    guardedStream(ctx, {
      authorize: (actor) => authorizeInstanceLogs(ctx.deps, actor),
      open: (aborted) => followInstanceLogs(ctx.deps, ctx.actor, input, aborted),
      signal,
    }),
  ),
});
