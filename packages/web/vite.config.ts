/// <reference types="node" />
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Where `pnpm --filter @ocore/server dev` listens; the dev server forwards the APIs there. */
const apiServer = 'http://127.0.0.1:3000';

const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * The branding preview runs in a sandboxed frame of its own (opaque) origin, where module
 * scripts and `crossorigin` stylesheets are CORS requests that the server does not answer.
 * Its page therefore gets a classic deferred script and a plain stylesheet link; its entry
 * must import nothing at run time, which the build checks.
 */
function classicPreviewFrame(): Plugin {
  return {
    name: 'ocore:classic-preview-frame',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html, context) =>
        context.filename.endsWith('branding-preview.html')
          ? html.replace(/<script type="module" crossorigin/g, '<script defer').replace(/ crossorigin(?=[ >])/g, '')
          : html,
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (
          chunk.type === 'chunk' &&
          chunk.name === 'branding-preview' &&
          (chunk.imports.length || chunk.dynamicImports.length)
        ) {
          this.error(
            `the branding preview's script must not import other chunks: ${[...chunk.imports, ...chunk.dynamicImports].join(', ')}`,
          );
        }
      }
    },
  };
}

/** Issue #8's budget for the JavaScript the dashboard loads before its first render. */
const initialScriptBudgetKb = 200;

/**
 * Prints the gzip size of the dashboard's initial JavaScript (its entry and every chunk that
 * entry imports statically; lazy pages excluded) and fails the build above the budget.
 */
function initialScriptBudget(): Plugin {
  return {
    name: 'ocore:initial-script-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((item) => (item.type === 'chunk' ? [[item.fileName, item] as const] : [])),
      );
      const entry = [...chunks.values()].find((chunk) => chunk.isEntry && chunk.name === 'index');
      if (!entry) return this.error("the dashboard's entry chunk is missing");
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = chunks.get(fileName);
        if (!chunk || initial.has(fileName)) return;
        initial.add(fileName);
        chunk.imports.forEach(visit);
      };
      visit(entry.fileName);
      const bytes = [...initial].reduce((sum, name) => sum + gzipSync(chunks.get(name)!.code, { level: 9 }).length, 0);
      const kb = bytes / 1000;
      this.info(
        `initial JavaScript: ${kb.toFixed(1)} kB gzip in ${initial.size} file(s), budget ${initialScriptBudgetKb} kB`,
      );
      if (kb > initialScriptBudgetKb) {
        this.error(`the initial JavaScript is ${kb.toFixed(1)} kB gzip, over the ${initialScriptBudgetKb} kB budget`);
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), classicPreviewFrame(), initialScriptBudget()],
  server: {
    proxy: {
      '/api': apiServer,
      '/trpc': { target: apiServer, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill would be a chunk shared by both pages; every browser with passkeys preloads modules itself.
    modulePreload: { polyfill: false },
    rolldownOptions: { input: { index: page('./index.html'), 'branding-preview': page('./branding-preview.html') } },
  },
});
