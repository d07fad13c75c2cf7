/// <reference types="node" />
import { fileURLToPath } from 'node:url';
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

export default defineConfig({
  plugins: [react(), classicPreviewFrame()],
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
