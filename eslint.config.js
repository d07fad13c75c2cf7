import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const webFeatures = readdirSync(new URL('./packages/web/src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** bulletproof-react's rule: a feature imports shared parts (lib, components) and never another feature. */
const featureBoundaries = webFeatures.map((feature) => ({
  target: `./packages/web/src/features/${feature}`,
  from: './packages/web/src/features',
  except: [`./${feature}`],
  message: 'A feature does not import another feature: move the shared part to lib/ or components/.',
}));

/** Imports core may never make: frameworks, drivers, and the outer packages (dependencies point inward). */
const coreForbidden = [
  { group: ['@trpc/*'], message: 'core is framework-free: no tRPC.' },
  {
    group: ['kysely', 'kysely-*', 'pg', 'pg-*', '@electric-sql/*'],
    message: 'core is driver-free: persistence lives in server.',
  },
  { group: ['ws', 'react', 'react-*', 'pino', 'pino-*', 'jose'], message: 'core imports no framework or driver.' },
  {
    group: ['node:http', 'node:https', 'node:net', 'node:dns', 'http', 'https', 'net', 'dns'],
    message: 'core does no I/O: take a port.',
  },
  {
    group: ['@ocore/server', '@ocore/server/*', '@ocore/web', '@ocore/web/*', '@ocore/cli', '@ocore/cli/*'],
    message: 'Dependencies point inward: core imports no outer package.',
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/*.config.ts', '**/*.config.js', 'bench/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unnecessary-condition': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['packages/web/src/**'],
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: featureBoundaries }],
    },
  },
  {
    files: ['packages/core/src/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: coreForbidden }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'],
    rules: {
      // A suite's `let app: App` is set in beforeAll and closed with `app?.close()` in afterAll:
      // the declared type says it is always set, but a failed beforeAll leaves it unset, and the
      // guard keeps that first failure from being hidden behind a TypeError in the teardown.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
