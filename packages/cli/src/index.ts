export { createProgram, runCli } from './program.js';
export type { CliIo } from './shared/output.js';
export { exitCodes } from './shared/errors.js';
