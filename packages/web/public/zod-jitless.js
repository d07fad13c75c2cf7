/*
 * Read by zod when it loads, before any core schema is made: the dashboard runs under a policy
 * without 'unsafe-eval', and zod otherwise probes `new Function` as each object schema is made,
 * which the browser reports as a policy violation. A classic script, so it runs before every
 * module chunk, however the bundle is split.
 */
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
