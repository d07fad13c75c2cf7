import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultHaConfig,
  planDeployment,
  type HaConfig,
  type NodePlan,
  type PlanServer,
  type TopologyData,
} from '@ocore/core';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createConfigRenderer } from './config-renderer.js';

const renderer = createConfigRenderer();
const context = {
  topologyId: '0f0f0f0f-0000-4000-8000-000000000001',
  topologyName: 'HA',
  secrets: {
    databasePassword: 'db-secret',
    replicationPassword: 'repl-secret',
    redisPassword: 'redis-secret',
    adminPassword: 'admin-secret',
  },
};
const servers = new Map<string, PlanServer>(
  ['a', 'b', 'c', 'd', 'e'].map((s, i) => [
    `00000000-0000-4000-8000-00000000000${s}`,
    { id: `00000000-0000-4000-8000-00000000000${s}`, name: `srv-${s}`, host: `127.0.0.${i + 2}` },
  ]),
);
const id = (s: string) => `00000000-0000-4000-8000-00000000000${s}`;

/** Two or three Odoo nodes behind a load balancer, with the data services around them. */
function ha(odooCount: number, ha: Partial<HaConfig>): NodePlan[] {
  const odoo = Array.from({ length: odooCount }, (_, i) => ({
    id: `odoo${i + 1}`,
    kind: 'odoo' as const,
    serverId: id(['a', 'b', 'c'][i]!),
    config: { workers: 4 },
  }));
  const data: TopologyData = {
    nodes: [
      ...odoo,
      { id: 'pg', kind: 'postgres', serverId: id('d') },
      { id: 'pg-replica', kind: 'postgres-replica', serverId: id('e') },
      { id: 'redis', kind: 'redis', serverId: id('e') },
      { id: 'files', kind: 'filestore', serverId: id('e') },
      { id: 'lb', kind: 'load-balancer', serverId: id('d'), config: { port: 8080 } },
    ],
    edges: [],
  };
  return planDeployment(
    { topologyData: data, haConfig: { ...defaultHaConfig, redisEnabled: true, filestoreType: 'shared_nfs', ...ha } },
    servers,
  );
}

const file = (plan: NodePlan, path: string) => {
  const found = renderer.render(plan, context).find((f) => f.path === path);
  if (!found) throw new Error(`${plan.nodeId} has no ${path}`);
  return found;
};
const node = (plans: NodePlan[], nodeId: string) => plans.find((p) => p.nodeId === nodeId)!;

const work = mkdtempSync(join(tmpdir(), 'ocore-render-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const haveHaproxy = existsSync('/usr/sbin/haproxy');
const haveNginx = existsSync('/usr/sbin/nginx');
if ((!haveHaproxy || !haveNginx) && process.env.CI !== 'true')
  console.warn('haproxy or nginx is missing (apt-get install haproxy nginx): skipping their configuration checks');

describe('rendered load-balancer configurations', () => {
  it.skipIf(!haveHaproxy && process.env.CI !== 'true').each([1, 2, 3])(
    'pass haproxy -c with %i Odoo node(s)',
    (count) => {
      const lb = node(ha(count, { lbType: 'haproxy' }), 'lb');
      const cfg = file(lb, 'haproxy.cfg');
      const path = join(work, `haproxy-${count}.cfg`);
      writeFileSync(path, cfg.content);
      execFileSync('haproxy', ['-c', '-q', '-f', path]);
      expect(cfg.content).toContain('bind :8080');
      expect(cfg.content.match(/^ {4}server odoo\d 127\.0\.0\.\d:8069 check cookie odoo\d$/gm)).toHaveLength(count);
      expect(cfg.content.match(/^ {4}server odoo\d 127\.0\.0\.\d:8072 check$/gm)).toHaveLength(count);
    },
  );

  it.skipIf(!haveNginx && process.env.CI !== 'true').each([1, 3])('pass nginx -t with %i Odoo node(s)', (count) => {
    const lb = node(ha(count, { lbType: 'nginx' }), 'lb');
    const prefix = join(work, `nginx-${count}`);
    mkdirSync(join(prefix, 'logs'), { recursive: true });
    mkdirSync(join(prefix, 'temp'), { recursive: true });
    writeFileSync(join(prefix, 'nginx.conf'), file(lb, 'nginx.conf').content);
    execFileSync('nginx', ['-t', '-q', '-p', `${prefix}/`, '-c', join(prefix, 'nginx.conf'), '-e', 'stderr']);
    expect(file(lb, 'nginx.conf').content.match(/server 127\.0\.0\.\d:8069 /g)).toHaveLength(count);
  });

  it('gives Traefik the same routes in its file provider, with sticky sessions and health checks', () => {
    const lb = node(ha(2, { lbType: 'traefik' }), 'lb');
    const dynamic = parse(file(lb, 'traefik-dynamic.yaml').content);
    expect(dynamic.http.services.odoo.loadBalancer).toMatchObject({
      sticky: { cookie: { name: 'OCORE_NODE' } },
      healthCheck: { path: '/web/health' },
      servers: [{ url: 'http://127.0.0.2:8069' }, { url: 'http://127.0.0.3:8069' }],
    });
    expect(parse(file(lb, 'compose.yaml').content).services.lb.command).toContain('--entrypoints.web.address=:8080');
  });
});

describe('rendered Odoo and data services', () => {
  const plans = ha(2, { lbType: 'haproxy', pgFailoverEnabled: true });

  it('configures Odoo with its workers, the database, Redis sessions and the shared filestore', () => {
    const odoo = node(plans, 'odoo1');
    const conf = file(odoo, 'odoo.conf');
    expect(conf.secret).toBe(true);
    for (const line of [
      'db_host = 127.0.0.5',
      'db_port = 5432',
      'db_password = db-secret',
      'workers = 4',
      'proxy_mode = True',
      'server_wide_modules = base,web,session_redis',
    ]) {
      expect(conf.content.split('\n')).toContain(line);
    }
    const compose = parse(file(odoo, 'compose.yaml').content);
    expect(compose.services.odoo).toMatchObject({ image: 'odoo:18.0', ports: ['8069:8069', '8072:8072'] });
    expect(compose.volumes.filestore).toEqual({
      driver: 'local',
      driver_opts: { type: 'nfs', o: 'addr=127.0.0.6,nfsvers=4,rw', device: ':/' },
    });
    expect(file(odoo, '.env').content).toContain('ODOO_SESSION_REDIS_HOST=127.0.0.6');
    // Passwords stay out of the compose file, which is not secret.
    expect(file(odoo, 'compose.yaml').content).not.toContain('secret');
  });

  it('sets up streaming replication between the primary and its replica', () => {
    expect(file(node(plans, 'pg'), '.env').content).toContain('POSTGRESQL_REPLICATION_MODE=master');
    const replica = file(node(plans, 'pg-replica'), '.env').content;
    expect(replica).toContain('POSTGRESQL_REPLICATION_MODE=slave');
    expect(replica).toContain('POSTGRESQL_MASTER_HOST=127.0.0.5');
    expect(replica).toContain('POSTGRESQL_REPLICATION_PASSWORD=repl-secret');
  });

  it('requires a password for Redis, and renders nothing for a local filestore (a named volume)', () => {
    expect(parse(file(node(plans, 'redis'), 'compose.yaml').content).services.redis.command.join(' ')).toContain(
      '--requirepass',
    );
    const local = node(ha(1, { filestoreType: 'local' }), 'files');
    expect(renderer.render(local, context)).toEqual([]);
  });

  it('applies data first, then Odoo, then the load balancer', () => {
    expect(plans.map((p) => p.kind)).toEqual([
      'postgres',
      'postgres-replica',
      'redis',
      'filestore',
      'odoo',
      'odoo',
      'load-balancer',
    ]);
  });
});
