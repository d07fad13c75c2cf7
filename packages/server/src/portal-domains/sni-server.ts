import { createServer, type Server } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { CertificateStore, SecretBox } from '@ocore/core';
import type { Logger } from '../logger.js';

const cacheMs = 60_000;

/**
 * An HTTPS server that presents, by SNI, the certificate of each active, verified portal
 * domain. A name without one gets no certificate, so the handshake fails.
 */
export function createSniServer(store: CertificateStore, secrets: SecretBox, log: Logger): Server {
  const cache = new Map<string, { context: SecureContext; at: number }>();
  return createServer({
    SNICallback: (servername, done) => {
      const name = servername.toLowerCase();
      const hit = cache.get(name);
      if (hit && Date.now() - hit.at < cacheMs) return done(null, hit.context);
      store.findForHost(name).then(
        (cert) => {
          if (!cert) return done(new Error(`no certificate for ${name}`));
          const context = createSecureContext({ cert: cert.certPem, key: secrets.open(cert.keySealed) });
          cache.set(name, { context, at: Date.now() });
          done(null, context);
        },
        (err: unknown) => {
          log.error({ err, servername: name }, 'certificate lookup failed');
          done(err instanceof Error ? err : new Error(String(err)));
        },
      );
    },
  });
}
