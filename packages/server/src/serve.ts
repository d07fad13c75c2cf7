/** The server process: configuration from the environment, start, and a drain on SIGTERM or SIGINT. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from './app.js';
import { loadConfig } from './config/config.js';
import { createLogger } from './logger.js';
import { startUpDone } from './start-up-memory.js';

const here = dirname(fileURLToPath(import.meta.url));
const defaultWebDir = join(here, '..', '..', 'web', 'dist');

async function main(): Promise<void> {
  const config = loadConfig();
  config.webDir ??= defaultWebDir;
  const log = createLogger(config.logLevel);
  const app = await startApp(config, { logger: log });
  startUpDone();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining requests and closing');
    const force = setTimeout(() => {
      log.warn('requests still open after 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`oCore failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
