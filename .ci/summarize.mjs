// Adds up the JSON reports the packages' vitest runs wrote under CI and prints one line
// that CI reads: "tests: N passed, N failed, N skipped"; before it, the slowest test files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;
/** Each test file's run: a file of an integration suite run on two databases counts twice. */
const files = [];
const reports = readdirSync(join(root, 'packages')).flatMap((pkg) => {
  const dir = join(root, 'packages', pkg, 'test-results');
  if (!existsSync(dir)) return [];
  // A package may run its tests in several vitest runs: vitest.json, vitest-<part>.json.
  return readdirSync(dir)
    .filter((name) => /^vitest(-[\w-]+)?\.json$/.test(name))
    .map((name) => ({ pkg: name === 'vitest.json' ? pkg : `${pkg} (${name.slice(7, -5)})`, file: join(dir, name) }));
});
for (const { pkg, file } of reports) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  console.log(`${pkg}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  for (const result of report.testResults ?? []) {
    const seconds = (result.endTime - result.startTime) / 1000;
    if (Number.isFinite(seconds)) files.push({ name: relative(root, result.name), seconds });
  }
}
const slowest = files.sort((a, b) => b.seconds - a.seconds).slice(0, 10);
if (slowest.length > 0) {
  console.log('slowest test files:');
  for (const { name, seconds } of slowest) console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${name}`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
