import { z } from 'zod';
import { idSchema } from '../shared/common.schema.js';

/** What a session runs: a shell, or `odoo shell` on the instance's database. */
export const terminalKinds = ['shell', 'odoo'] as const;
export type TerminalKind = (typeof terminalKinds)[number];

/**
 * Asking for a session. Strict: the container, the user and any privilege come from the
 * server, never from the request, so an unknown key (`privileged`, `container`, `user`) is refused.
 */
export const openTerminalInput = z.strictObject({
  instanceId: idSchema,
  kind: z.enum(terminalKinds, { message: 'must be shell or odoo' }),
  columns: z.number().int().min(10).max(500).default(80),
  rows: z.number().int().min(5).max(200).default(24),
});
export type OpenTerminalInput = z.infer<typeof openTerminalInput>;

/** A one-time ticket for the terminal WebSocket (`/terminal`), valid for a short while. */
export const terminalTicketSchema = z.object({
  ticket: z.string(),
  expiresAt: z.string(),
  /** The WebSocket path to open; send `{ "ticket": … }` as its first message. */
  path: z.string(),
});
export type TerminalTicket = z.infer<typeof terminalTicketSchema>;
