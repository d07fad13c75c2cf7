import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { parsePortalHost, type PortalContext } from '@ocore/core';
import { sendBody } from '../http/send-body.js';
import type { AppDeps } from '../trpc/context.js';
import { renderBrandCss, renderPortalErrorPage, renderPortalIndex, renderUnknownPortalIndex } from './portal-page.js';

/** A page the browser navigates to (not a script, style or image). */
function isNavigation(req: IncomingMessage, path: string): boolean {
  return req.method === 'GET' && !/\.[a-z0-9]+$/i.test(path);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  // Branding must show the moment it is saved: browsers ask again every time.
  sendBody(res, status, `${type}; charset=utf-8`, body, { 'Cache-Control': 'no-cache' });
}

/**
 * Serves client portals on their own hosts: the dashboard's page dressed in the agency's
 * brand, the brand stylesheet, and branded error pages. Answers false for other hosts.
 */
export function createPortalPages(
  deps: AppDeps,
  webDir: string | undefined,
  hostOf: (req: IncomingMessage) => string | null,
) {
  let indexHtml: string | undefined;
  const readIndex = () => {
    if (indexHtml === undefined && webDir) {
      try {
        indexHtml = readFileSync(join(webDir, 'index.html'), 'utf8');
      } catch {
        indexHtml = undefined;
      }
    }
    return indexHtml;
  };

  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path !== '/portal/brand.css' && !isNavigation(req, path)) return false;
    const host = hostOf(req);
    if (!host) return false;
    const context: PortalContext | undefined = await deps.portalContexts.resolve(host);
    if (!context) {
      const target = parsePortalHost(host, deps.portalBaseDomain);
      if (target && 'subdomain' in target) {
        const index = readIndex();
        send(
          res,
          404,
          'text/html',
          index
            ? renderUnknownPortalIndex(index)
            : '<!doctype html><title>Not found</title><p>There is no portal at this address.</p>',
        );
        return true;
      }
      return false;
    }
    if (path === '/portal/brand.css') {
      send(res, 200, 'text/css', renderBrandCss(context));
      return true;
    }
    const index = readIndex();
    if (!index) {
      send(
        res,
        503,
        'text/html',
        renderPortalErrorPage(context, 503, 'The portal is being set up. Please try again shortly.'),
      );
      return true;
    }
    send(res, 200, 'text/html', renderPortalIndex(index, context));
    return true;
  };
}
