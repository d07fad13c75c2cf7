import { openTerminalInput, requestTerminal, terminalTicketSchema } from '@ocore/core';
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
});
