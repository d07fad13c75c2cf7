/// <reference types="node" />
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Where the browser suites find the built dashboard and Chromium: Debian's browser, never a
 * downloaded one. Without it the suites are skipped, except under CI=true where they must run.
 */

export const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const webDist = join(webRoot, 'dist');
// The committed pictures in docs/ change only when asked; otherwise they go to test-results/.
export const screenshotDir =
  process.env.OCORE_UPDATE_SCREENSHOTS === '1'
    ? resolve(webRoot, '../../docs/screenshots')
    : resolve(webRoot, 'test-results/screenshots');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const mustRun = process.env.CI === 'true';
/** False when the suites are skipped. */
export const runsInBrowser = existsSync(chromiumPath) || mustRun;

/** Says why a suite is skipped, once per suite. */
export function warnIfSkipped(suite: string): void {
  if (runsInBrowser) return;
  console.warn(
    `[${suite}] SKIPPED: no Chromium at ${chromiumPath}. Install Debian's chromium or set CHROMIUM_PATH; with CI=true the suite runs and fails instead.`,
  );
}
