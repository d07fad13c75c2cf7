import {
  listTranscripts,
  listTranscriptsInput,
  openTerminalInput,
  readTranscript,
  requestTerminal,
  terminalTicketSchema,
  terminalTranscriptSchema,
  terminalTranscriptSummarySchema,
  transcriptIdInput,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

export const terminalRouter = router({
  /**
   * A one-time ticket for the terminal WebSocket: open `path`, send `{"ticket": …, "token": …}`
   * as the first message, then binary frames are the terminal's bytes both ways.
   */
  open: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/instances/{instanceId}/terminal',
        tags: ['Terminals'],
        protect: true,
        summary:
          'A one-time ticket for a terminal (kind shell) or Odoo shell (kind odoo) session on the instance (manage:instances; featureTerminal / featureOdooShell in a client portal)',
      },
      successStatus: 201,
    })
    .input(openTerminalInput)
    .output(terminalTicketSchema)
    .mutation(({ ctx, input }) => requestTerminal(ctx.deps, ctx.actor, input)),
  /** Kept session transcripts (organizations with `terminalTranscripts` on), newest first. */
  transcripts: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/terminal-transcripts',
        tags: ['Terminals'],
        protect: true,
        summary: 'The kept terminal session transcripts, newest first, optionally of one instance (view:audit_log)',
      },
    })
    .input(listTranscriptsInput)
    .output(z.object({ items: z.array(terminalTranscriptSummarySchema) }))
    .query(async ({ ctx, input }) => ({ items: await listTranscripts(ctx.deps, ctx.actor, input) })),
  /** One transcript with the session's output and input (the audit entry's `transcriptId`). */
  transcript: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/terminal-transcripts/{id}',
        tags: ['Terminals'],
        protect: true,
        summary: 'One terminal session transcript: what it showed and what was typed (view:audit_log)',
      },
    })
    .input(transcriptIdInput)
    .output(terminalTranscriptSchema)
    .query(({ ctx, input }) => readTranscript(ctx.deps, ctx.actor, input.id)),
});
