import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';
import { terminalKinds } from './terminal.schema.js';

export const terminalTranscriptSummarySchema = z.object({
  id: idSchema,
  instanceId: idSchema,
  /** Who opened the session (null once that user is deleted). */
  userId: idSchema.nullable(),
  kind: z.enum(terminalKinds),
  startedAt: isoDateSchema,
  endedAt: isoDateSchema,
  outputBytes: z.number().int(),
  inputBytes: z.number().int(),
  /** The session wrote or typed more than is kept (1 MiB of output, 256 KiB of input). */
  truncated: z.boolean(),
});
export type TerminalTranscriptSummary = z.infer<typeof terminalTranscriptSummarySchema>;

export const terminalTranscriptSchema = terminalTranscriptSummarySchema.extend({
  /** What the session showed (the terminal's bytes as UTF-8, escape sequences included). */
  output: z.string(),
  /** What was typed or pasted. */
  input: z.string(),
});
export type TerminalTranscript = z.infer<typeof terminalTranscriptSchema>;

export const listTranscriptsInput = z.object({
  instanceId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListTranscriptsInput = z.infer<typeof listTranscriptsInput>;

export const transcriptIdInput = z.object({ id: idSchema });
