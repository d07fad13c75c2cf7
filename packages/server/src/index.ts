export { startApp, type App, type AppOverrides } from './app.js';
export { loadConfig, type Config } from './config/config.js';
export { createDb, type Db } from './db/create-db.js';
export { migrateToLatest } from './db/migrate.js';
export { appRouter, type AppRouter, type RouterInputs, type RouterOutputs } from './trpc/app.router.js';
export { localContainerRuntime } from './runtime/docker-runtimes.js';
