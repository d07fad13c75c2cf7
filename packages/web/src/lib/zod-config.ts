import { config } from 'zod';

/*
 * The dashboard runs under a policy without 'unsafe-eval'. zod compiles object parsers with
 * `new Function` unless jitless, and probes for it as each object schema is made: the probe
 * alone is reported as a policy violation. This module runs before any core schema is made.
 */
config({ jitless: true });
