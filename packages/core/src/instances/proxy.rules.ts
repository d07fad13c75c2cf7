import type { InstanceRecord } from './instance.ports.js';
import { runtimeNames } from './instance.rules.js';

/** The reverse proxy of a server's instances: one nginx container, its own network, its config file. */
export const instanceProxy = {
  container: 'ocore-proxy',
  /** A network of its own, so Docker's resolver (127.0.0.11) is there even before any client network. */
  network: 'ocore-proxy',
  /** The port nginx listens on inside the container. */
  port: 80,
  configDirectory: '/etc/nginx',
  configFile: 'nginx.conf',
  /** The port nginx serves TLS on inside the container (hostnames with a certificate). */
  tlsPort: 443,
  /** A volume of its own, so certificates and challenge answers outlive a recreated proxy. */
  dataVolume: 'ocore-proxy-data',
  dataDirectory: '/etc/nginx/ocore',
  /** Where HTTP-01 answers are written (served at /.well-known/acme-challenge/ on port 80). */
  challengeDirectory: '/etc/nginx/ocore/acme',
  certificateDirectory: '/etc/nginx/ocore/certs',
} as const;

/** Where the proxy is published on its server, and with which image. */
export interface ProxySettings {
  /** e.g. `nginx:1.27` (production), `ocore-test/nginx:1.22` (tests). */
  image: string;
  /** Host address the HTTP port is bound to: 0.0.0.0 on a server, 127.0.0.1 in tests. */
  hostIp: string;
  hostPort: number;
  /** Host port of TLS (certificates of instances' hostnames and custom domains); none when unset: no TLS is offered. */
  httpsPort?: number;
}

/** One hostname of the proxy: routed to the instance's container, or answered 503 while it is stopped. */
export interface ProxyRoute {
  hostname: string;
  container: string;
  stopped: boolean;
  /** A certificate installed for the hostname: served on 443, and port 80 redirects there. */
  tls?: boolean;
}

/** The certificate and key files of a hostname in the proxy's volume. */
export function certificateFiles(hostname: string): { certificate: string; key: string } {
  if (!hostnamePattern.test(hostname)) throw new Error(`not a hostname: ${JSON.stringify(hostname)}`);
  const base = `${instanceProxy.certificateDirectory}/${hostname}`;
  return { certificate: `${base}.crt`, key: `${base}.key` };
}

/** A custom domain the proxy serves for an instance; `tls` once its certificate is installed. */
export interface DomainRoute {
  instanceId: string;
  hostname: string;
  tls: boolean;
}

/** What the proxy should know about an instance as its operation leaves it. */
export type RouteState = 'up' | 'stopped' | 'gone';

const hostnamePattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
const containerPattern = /^ocore-odoo-[0-9a-f]+$/;

/** The instance's hostname: `<slug>.<base domain>`. */
export function instanceHostname(slug: string, baseDomain: string): string {
  return `${slug}.${baseDomain}`;
}

/**
 * The routes of a server's instances: every instance has its hostname (over TLS when its
 * certificate is installed: its id in `tlsInstances`), a stopped one answers 503; `override`
 * is the state the running operation leaves its own instance in (its record still says
 * `deploying` while the operation runs).
 */
export function proxyRoutes(
  instances: readonly InstanceRecord[],
  baseDomain: string,
  override?: { instanceId: string; state: RouteState },
  domains: readonly DomainRoute[] = [],
  tlsInstances: ReadonlySet<string> = new Set(),
): ProxyRoute[] {
  const routes: ProxyRoute[] = [];
  for (const instance of instances) {
    const state = instance.id === override?.instanceId ? override.state : stateOf(instance);
    if (state === 'gone') continue;
    const route = { container: runtimeNames(instance).container, stopped: state === 'stopped' };
    const hostname = instanceHostname(instance.slug, baseDomain);
    routes.push({ hostname, ...route, ...(tlsInstances.has(instance.id) ? { tls: true } : {}) });
    for (const domain of domains)
      if (domain.instanceId === instance.id) routes.push({ hostname: domain.hostname, ...route, tls: domain.tls });
  }
  return routes.sort((a, b) => a.hostname.localeCompare(b.hostname));
}

function stateOf(instance: InstanceRecord): RouteState {
  if (instance.status === 'deleting') return 'gone';
  return instance.status === 'stopped' ? 'stopped' : 'up';
}

/** The client networks the proxy must be on to reach the instances' containers. */
export function proxyNetworks(instances: readonly Pick<InstanceRecord, 'id' | 'organizationId'>[]): string[] {
  const clients = new Set(instances.map((i) => runtimeNames(i).network));
  return [instanceProxy.network, ...[...clients].sort()];
}

// Headers every proxied request carries; nginx drops inherited proxy_set_header lines in a
// block that sets its own, so each location repeats them.
const forwarded = [
  'proxy_set_header Host $host;',
  'proxy_set_header X-Forwarded-Host $host;',
  'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
  'proxy_set_header X-Forwarded-Proto $scheme;',
  'proxy_set_header X-Real-IP $remote_addr;',
];

// HTTP-01 answers of the certificate orders, from the proxy's volume, on every hostname's port 80.
const challengeLocation = [
  '    location ^~ /.well-known/acme-challenge/ {',
  `      alias ${instanceProxy.challengeDirectory}/;`,
  '      default_type text/plain;',
  '    }',
];

function serverBlock(route: ProxyRoute): string[] {
  if (!hostnamePattern.test(route.hostname)) throw new Error(`not a hostname: ${JSON.stringify(route.hostname)}`);
  if (!containerPattern.test(route.container)) throw new Error(`not an instance container: ${route.container}`);
  const head = ['  server {', `    listen ${instanceProxy.port};`, `    server_name ${route.hostname};`];
  if (!route.tls) return [...head, ...routeBody(route)];
  const files = certificateFiles(route.hostname);
  return [
    ...head,
    ...challengeLocation,
    '    location / {',
    '      return 301 https://$host$request_uri;',
    '    }',
    '  }',
    '  server {',
    `    listen ${instanceProxy.tlsPort} ssl;`,
    `    server_name ${route.hostname};`,
    `    ssl_certificate ${files.certificate};`,
    `    ssl_certificate_key ${files.key};`,
    ...routeBody(route),
  ];
}

/** A server block's body after its head: the instance's locations, or 503 while it is stopped. */
function routeBody(route: ProxyRoute): string[] {
  if (route.stopped)
    return ['    default_type text/plain;', `    return 503 "This Odoo instance is stopped.\\n";`, '  }'];
  return [
    // A variable makes nginx resolve the name per request (Docker's resolver): a stopped or
    // missing container is a 502 for its hostname, never a config that fails to load.
    `    set $odoo ${route.container};`,
    '    location /websocket {',
    '      proxy_pass http://$odoo:8072;',
    ...forwarded.map((line) => `      ${line}`),
    '      proxy_set_header Upgrade $http_upgrade;',
    '      proxy_set_header Connection $connection_upgrade;',
    '    }',
    '    location / {',
    '      proxy_pass http://$odoo:8069;',
    ...forwarded.map((line) => `      ${line}`),
    '    }',
    ...challengeLocation,
    '  }',
  ];
}

/**
 * The proxy's whole nginx.conf (one file, so the official image's and Debian's defaults do
 * not matter): unknown hostnames answer 404; each instance's `/` goes to Odoo's 8069 and
 * `/websocket` to 8072 with the upgrade headers; timeouts long enough for Odoo's slow
 * requests (reports, imports) and a body size for its uploads and database restores.
 */
export function renderProxyConfig(routes: readonly ProxyRoute[]): string {
  const lines = [
    '# Written by oCore: the reverse proxy of the Odoo instances on this server. Regenerated on each change.',
    'worker_processes auto;',
    'pid /run/nginx.pid;',
    'error_log stderr warn;',
    'events { worker_connections 4096; }',
    'http {',
    '  access_log /dev/stdout;',
    '  server_tokens off;',
    // The default bucket (32 or 64 bytes, by CPU) refuses a long slug under a long base domain.
    '  server_names_hash_bucket_size 256;',
    '  server_names_hash_max_size 8192;',
    '  client_max_body_size 1024m;',
    '  proxy_http_version 1.1;',
    '  proxy_connect_timeout 30s;',
    '  proxy_send_timeout 720s;',
    '  proxy_read_timeout 720s;',
    '  proxy_buffering on;',
    '  resolver 127.0.0.11 valid=10s ipv6=off;',
    '  resolver_timeout 5s;',
    "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }",
    '  server {',
    `    listen ${instanceProxy.port} default_server;`,
    '    server_name _;',
    '    default_type text/plain;',
    '    return 404 "No Odoo instance has this hostname.\\n";',
    '  }',
    // With TLS anywhere, a name without a certificate is refused at the handshake, not served another's.
    ...(routes.some((r) => r.tls)
      ? ['  server {', `    listen ${instanceProxy.tlsPort} ssl default_server;`, '    ssl_reject_handshake on;', '  }']
      : []),
    ...routes.flatMap(serverBlock),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
