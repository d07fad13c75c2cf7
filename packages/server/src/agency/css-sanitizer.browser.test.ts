import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_HOST, cssInjectionCorpus } from './css-injection.corpus.js';
import { createCssTreeSanitizer } from './css-tree.sanitizer.js';

/*
 * Renders every corpus entry, sanitized, in headless Chromium and watches for anything leaving
 * the page or running. The attack host points at an "outside" server that logs every connection;
 * the page itself comes from a second loopback server that logs everything but the document.
 */

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runs = existsSync(chromiumPath) || process.env.CI === 'true';
const suite = 'sanitized custom CSS in Chromium';
if (!runs)
  console.warn(
    `[${suite}] SKIPPED: no Chromium at ${chromiumPath}. Install Debian's chromium or set CHROMIUM_PATH; with CI=true the suite runs and fails instead.`,
  );

const body =
  '<div id="app" class="btn grid hero" title="x"><h1>Portal</h1><p>Text <a href="#top"><span>link</span></a></p>' +
  '<ul><li>item</li></ul><input type="email"><svg width="8" height="8"><rect width="8" height="8"></rect></svg></div>';

interface Observation {
  dialogs: string[];
  console: string[];
  pageErrors: string[];
  /** Every request but the document and the https loads the policy allows. */
  requests: string[];
  httpsLoads: string[];
}

interface Snapshot {
  pwned: unknown;
  styles: number;
  styleText: string | null;
  scripts: number;
  images: number;
  bodyHtml: string;
}

function recordingServer(log: string[], documents: Map<string, string>, { connections = false } = {}): Server {
  const server = createServer((request, response) => {
    const html = documents.get(request.url ?? '');
    if (html === undefined) log.push(`${request.method} ${request.url}`);
    response.writeHead(html === undefined ? 404 : 200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    response.end(html ?? '');
  });
  // A TLS handshake for https://127.0.0.1:<port> never becomes a request; the connection still
  // counts. Not on the page's own server: its navigation opens one whenever the last one idled out.
  if (connections) server.on('connection', () => log.push('connection'));
  return server;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe.skipIf(!runs)(suite, () => {
  const sanitizer = createCssTreeSanitizer();
  const documents = new Map<string, string>();
  const outsideLog: string[] = [];
  const pageLog: string[] = [];
  const outside = recordingServer(outsideLog, new Map(), { connections: true });
  const pageServer = recordingServer(pageLog, documents);
  let outsideHost = '';
  let pageOrigin = '';
  let browser: Browser;
  let page: Page;
  let seen: Observation = { dialogs: [], console: [], pageErrors: [], requests: [], httpsLoads: [] };
  let documentCount = 0;

  beforeAll(async () => {
    outsideHost = `127.0.0.1:${await listen(outside)}`;
    pageOrigin = `http://127.0.0.1:${await listen(pageServer)}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // Any host the CSS names that we did not point at the outside server fails to resolve instead of reaching the internet.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
    page = await browser.newPage();
    page.on('dialog', (dialog) => {
      seen.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => seen.console.push(message.text()));
    page.on('pageerror', (error) => seen.pageErrors.push(error.message));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.isNavigationRequest() && url.href.startsWith(`${pageOrigin}/page/`)) return;
      if (url.protocol === 'https:' && url.host !== outsideHost) seen.httpsLoads.push(url.href);
      else seen.requests.push(url.href);
    });
    // The policy lets https images and fonts through; answer them here so they never reach the internet.
    await page.route(
      (url) => url.protocol === 'https:' && url.host !== outsideHost,
      (route) => route.fulfill({ status: 200, body: '' }),
    );
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([outside, pageServer].map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** Loads `css` in a <style> element as the portal would, and reports what happened. */
  async function render(
    css: string,
  ): Promise<{ seen: Observation; snapshot: Snapshot; outside: string[]; page: string[] }> {
    seen = { dialogs: [], console: [], pageErrors: [], requests: [], httpsLoads: [] };
    outsideLog.length = 0;
    pageLog.length = 0;
    const path = `/page/${documentCount++}`;
    documents.set(
      path,
      `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${body}</body></html>`,
    );
    await page.goto(`${pageOrigin}${path}`, { waitUntil: 'load' });
    // Give late style work (fonts, images found at layout) a chance to start its requests.
    const snapshot = await page.evaluate<Snapshot>(`(async () => {
      await document.fonts.ready;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      await new Promise((resolve) => setTimeout(resolve, 25));
      const styles = document.querySelectorAll('style');
      return { pwned: window.__pwned, styles: styles.length, styleText: styles[0]?.textContent ?? null,
        scripts: document.scripts.length, images: document.images.length, bodyHtml: document.body.innerHTML };
    })()`);
    return { seen, snapshot, outside: [...outsideLog], page: [...pageLog] };
  }

  function pointAtOutside(css: string): string {
    return css.replaceAll(ATTACK_HOST, outsideHost);
  }

  it('notices an unsanitized attack, so a quiet run below means something', async () => {
    const leak = await render(
      pointAtOutside('body { background: url(http://evil.example/bg.png) } div { background: url(/uploads/x.png) }'),
    );
    expect(leak.outside).toContain('GET /bg.png');
    expect(leak.page).toContain('GET /uploads/x.png');
    expect(leak.seen.requests.length).toBe(2);

    const script = await render('</style><script>window.__pwned = 1; alert(1)</script><style>');
    expect(script.snapshot.pwned).toBe(1);
    expect(script.seen.dialogs).toEqual(['1']);
  });

  it.each(cssInjectionCorpus)('$name: nothing runs and nothing leaves the page', async ({ css }) => {
    const sanitized = sanitizer.sanitize(pointAtOutside(css)).css;
    const result = await render(sanitized);

    const { httpsLoads, ...rest } = result.seen;
    expect(rest).toEqual({ dialogs: [], console: [], pageErrors: [], requests: [] });
    for (const url of httpsLoads) expect(sanitized).toContain(url);
    expect(result.outside).toEqual([]);
    expect(result.page).toEqual([]);
    expect(result.snapshot).toEqual({
      pwned: undefined,
      styles: 1,
      styleText: sanitized,
      scripts: 0,
      images: 0,
      bodyHtml: body,
    });
  });

  // A request that arrives late shows up under the next entry, or here after the last one.
  it('leaves the outside server untouched after the last entry', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([...outsideLog, ...pageLog]).toEqual([]);
  });
});
