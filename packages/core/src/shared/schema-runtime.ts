import { z } from 'zod';

/**
 * Imported first by the browser (`import '@ocore/core/schema-runtime'`): schemas then validate
 * without compiling code at run time. zod compiles a fast path for objects with `new Function`,
 * which a content security policy without 'unsafe-eval' (the dashboard's) blocks and reports as
 * a violation on every page. It must run before any other module of core is evaluated.
 */
z.config({ jitless: true });
