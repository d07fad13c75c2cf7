import { createHash, randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

/**
 * A Docker registry (distribution API v2, read only) of the test's own on loopback, serving one
 * small image under one tag, its layer sent in slices so that the engine reports progress, and
 * asking for a Basic login when given one. The engine treats 127.0.0.0/8 registries as insecure
 * and talks plain HTTP to them.
 */
export interface TinyRegistry {
  /** `127.0.0.1:<port>`, the registry part of an image reference. */
  host: string;
  /** The one image it has: `<host>/ocore-test/tiny:1`. */
  image: string;
  /** Paths requested, in order. */
  requests: string[];
  /** The usernames of the Basic logins it was sent, in order (their passwords are not kept). */
  logins: string[];
  close(): Promise<void>;
}

export interface TinyRegistryOptions {
  /** When set, every request needs this Basic login (401 with a Basic challenge otherwise). */
  login?: { username: string; password: string };
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function layerTar(): Promise<Buffer> {
  const tar = pack();
  // Random bytes do not compress: the layer stays ~3 MB, enough for several progress events.
  tar.entry({ name: 'payload.bin', mode: 0o644 }, randomBytes(3 * 1024 * 1024));
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Whether the request carries the expected Basic login; records the username it was sent. */
function loggedIn(header: string | undefined, login: { username: string; password: string }, logins: string[]) {
  const [scheme, encoded] = (header ?? '').split(' ');
  if (scheme !== 'Basic' || !encoded) return false;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  logins.push(decoded.slice(0, colon));
  return decoded === `${login.username}:${login.password}`;
}

export async function startTinyRegistry(options: TinyRegistryOptions = {}): Promise<TinyRegistry> {
  const tar = await layerTar();
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/payload.bin'], Labels: { 'ocore.test': '1' } },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
      history: [{ created_by: 'ocore test registry' }],
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: config.length,
        digest: sha256(config),
      },
      layers: [
        { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.length, digest: sha256(layer) },
      ],
    }),
  );
  const blobs = new Map([
    [sha256(config), config],
    [sha256(layer), layer],
  ]);
  const requests: string[] = [];
  const logins: string[] = [];
  const notFound = (res: ServerResponse, code: string, message: string) => {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code, message }] }));
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    requests.push(`${req.method} ${path}`);
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    if (options.login && !loggedIn(req.headers.authorization, options.login, logins)) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="ocore-test"' });
      return res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    }
    if (path === '/v2/') return res.end('{}');
    const manifestMatch = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(path);
    if (manifestMatch) {
      if (manifestMatch[1] !== 'ocore-test/tiny' || !['1', sha256(manifest)].includes(manifestMatch[2]!))
        return notFound(res, 'MANIFEST_UNKNOWN', 'manifest unknown');
      res.writeHead(200, {
        'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json',
        'Content-Length': manifest.length,
        'Docker-Content-Digest': sha256(manifest),
      });
      return res.end(req.method === 'HEAD' ? undefined : manifest);
    }
    const blob = /^\/v2\/.+\/blobs\/(sha256:[0-9a-f]+)$/.exec(path)?.[1];
    const data = blob ? blobs.get(blob) : undefined;
    if (!data) return notFound(res, 'BLOB_UNKNOWN', 'blob unknown to registry');
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length });
    if (req.method === 'HEAD') return res.end();
    void sendInSlices(res, data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    image: `${host}/ocore-test/tiny:1`,
    requests,
    logins,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function sendInSlices(res: ServerResponse, data: Buffer): Promise<void> {
  const slice = Math.ceil(data.length / 10);
  for (let at = 0; at < data.length; at += slice) {
    res.write(data.subarray(at, at + slice));
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
  res.end();
}
