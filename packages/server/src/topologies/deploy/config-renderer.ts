import type {
  ConfigRenderer,
  LoadBalancerSettings,
  NodePlan,
  OdooSettings,
  RenderContext,
  RenderedFile,
} from '@ocore/core';
import { stringify } from 'yaml';

/** Images the compose files run; pinned to a major version. */
export const images = {
  postgres: 'bitnami/postgresql:16',
  redis: 'redis:7-alpine',
  odoo: (version: string) => `odoo:${version}`,
  haproxy: 'haproxy:2.8-alpine',
  nginx: 'nginx:1.27-alpine',
  traefik: 'traefik:v3.1',
  nfs: 'erichough/nfs-server:2.2.1',
  s3: 'minio/minio:RELEASE.2024-10-13T13-34-11Z',
} as const;

/** The compose project of a node: unique per topology and node, in compose's alphabet. */
export function composeProject(topologyId: string, nodeId: string): string {
  return `ocore-${topologyId.slice(0, 8)}-${nodeId}`.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
}

const header = (context: RenderContext, plan: NodePlan) =>
  `# Rendered by oCore for topology ${context.topologyId}, node ${plan.nodeId} (${plan.kind}). Changes are overwritten by the next deploy.\n`;

const yamlFile = (path: string, context: RenderContext, plan: NodePlan, value: unknown): RenderedFile => ({
  path,
  secret: false,
  content: header(context, plan) + stringify(value, { lineWidth: 0 }),
});

const envFile = (context: RenderContext, plan: NodePlan, values: Record<string, string | number>): RenderedFile => ({
  path: '.env',
  secret: true,
  content:
    header(context, plan) +
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
});

const restart = 'unless-stopped';

function postgresFiles(plan: NodePlan, context: RenderContext): RenderedFile[] {
  const s = plan.settings;
  if (s.kind !== 'postgres' && s.kind !== 'postgres-replica') return [];
  const replica = s.kind === 'postgres-replica';
  const env: Record<string, string | number> = {
    POSTGRESQL_USERNAME: 'odoo',
    POSTGRESQL_PASSWORD: context.secrets.databasePassword,
    POSTGRESQL_DATABASE: 'postgres',
  };
  if (replica) {
    Object.assign(env, {
      POSTGRESQL_REPLICATION_MODE: 'slave',
      POSTGRESQL_MASTER_HOST: s.primary.host,
      POSTGRESQL_MASTER_PORT_NUMBER: s.primary.port,
      POSTGRESQL_REPLICATION_USER: 'replicator',
      POSTGRESQL_REPLICATION_PASSWORD: context.secrets.replicationPassword,
    });
  } else if (s.replication) {
    Object.assign(env, {
      POSTGRESQL_REPLICATION_MODE: 'master',
      POSTGRESQL_REPLICATION_USER: 'replicator',
      POSTGRESQL_REPLICATION_PASSWORD: context.secrets.replicationPassword,
    });
  }
  const compose = {
    name: composeProject(context.topologyId, plan.nodeId),
    services: {
      postgres: {
        image: images.postgres,
        restart,
        env_file: ['.env'],
        ports: [`${s.port}:5432`],
        volumes: ['pgdata:/bitnami/postgresql'],
        healthcheck: {
          test: ['CMD-SHELL', 'pg_isready -U odoo -d postgres'],
          interval: '5s',
          timeout: '5s',
          retries: 12,
        },
      },
    },
    volumes: { pgdata: {} },
  };
  return [yamlFile('compose.yaml', context, plan, compose), envFile(context, plan, env)];
}

function redisFiles(plan: NodePlan, context: RenderContext): RenderedFile[] {
  if (plan.settings.kind !== 'redis') return [];
  const compose = {
    name: composeProject(context.topologyId, plan.nodeId),
    services: {
      redis: {
        image: images.redis,
        restart,
        env_file: ['.env'],
        ports: [`${plan.settings.port}:6379`],
        volumes: ['redisdata:/data'],
        command: ['sh', '-c', 'exec redis-server --appendonly yes --requirepass "$$REDIS_PASSWORD"'],
        healthcheck: {
          test: ['CMD-SHELL', 'redis-cli -a "$$REDIS_PASSWORD" ping | grep PONG'],
          interval: '5s',
          timeout: '3s',
          retries: 12,
        },
      },
    },
    volumes: { redisdata: {} },
  };
  return [
    yamlFile('compose.yaml', context, plan, compose),
    envFile(context, plan, { REDIS_PASSWORD: context.secrets.redisPassword }),
  ];
}

function filestoreFiles(plan: NodePlan, context: RenderContext): RenderedFile[] {
  const s = plan.settings;
  if (s.kind !== 'filestore') return [];
  // A named volume on its server, shared by the Odoo nodes there: nothing to render.
  if (s.type === 'local') return [];
  const service =
    s.type === 'shared_nfs'
      ? {
          image: images.nfs,
          restart,
          privileged: true,
          ports: [`${s.port}:2049`],
          volumes: ['filestore:/srv/filestore'],
          environment: { NFS_EXPORT_0: '/srv/filestore *(rw,sync,no_subtree_check,no_root_squash,fsid=0)' },
        }
      : {
          image: images.s3,
          restart,
          env_file: ['.env'],
          ports: [`${s.port}:9000`],
          volumes: ['filestore:/data'],
          command: ['server', '/data'],
          healthcheck: { test: ['CMD', 'mc', 'ready', 'local'], interval: '5s', timeout: '5s', retries: 12 },
        };
  const files = [
    yamlFile('compose.yaml', context, plan, {
      name: composeProject(context.topologyId, plan.nodeId),
      services: { filestore: service },
      volumes: { filestore: {} },
    }),
  ];
  if (s.type === 's3')
    files.push(
      envFile(context, plan, { MINIO_ROOT_USER: 'odoo', MINIO_ROOT_PASSWORD: context.secrets.databasePassword }),
    );
  return files;
}

/** odoo.conf: workers, database, Redis sessions and filestore, as the plan says. */
export function renderOdooConf(s: OdooSettings, context: RenderContext): string {
  const options: [string, string | number][] = [
    ['db_host', s.database.host],
    ['db_port', s.database.port],
    ['db_user', 'odoo'],
    ['db_password', context.secrets.databasePassword],
    ['data_dir', '/var/lib/odoo'],
    ['http_port', 8069],
    ['gevent_port', 8072],
    ['workers', s.workers],
    ['max_cron_threads', s.workers > 0 ? 1 : 0],
    ['proxy_mode', s.proxyMode ? 'True' : 'False'],
    ['list_db', 'False'],
    ['limit_time_cpu', 600],
    ['limit_time_real', 1200],
  ];
  if (s.redis) options.push(['server_wide_modules', 'base,web,session_redis']);
  return `[options]\n${options.map(([k, v]) => `${k} = ${v}`).join('\n')}\n`;
}

function odooFiles(plan: NodePlan, context: RenderContext): RenderedFile[] {
  const s = plan.settings;
  if (s.kind !== 'odoo') return [];
  const env: Record<string, string | number> = {};
  if (s.redis)
    Object.assign(env, {
      ODOO_SESSION_REDIS: 1,
      ODOO_SESSION_REDIS_HOST: s.redis.host,
      ODOO_SESSION_REDIS_PORT: s.redis.port,
      ODOO_SESSION_REDIS_PASSWORD: context.secrets.redisPassword,
    });
  let filestore: Record<string, unknown> = {};
  if (s.filestore.type === 'shared_nfs' && s.filestore.host) {
    filestore = {
      driver: 'local',
      driver_opts: { type: 'nfs', o: `addr=${s.filestore.host},nfsvers=4,rw`, device: ':/' },
    };
  } else if (s.filestore.type === 's3' && s.filestore.host) {
    Object.assign(env, {
      AWS_HOST: `http://${s.filestore.host}:9000`,
      AWS_BUCKETNAME: 'odoo-filestore',
      AWS_ACCESS_KEY_ID: 'odoo',
      AWS_SECRET_ACCESS_KEY: context.secrets.databasePassword,
    });
  }
  const compose = {
    name: composeProject(context.topologyId, plan.nodeId),
    services: {
      odoo: {
        image: images.odoo(s.version),
        restart,
        env_file: ['.env'],
        ports: ['8069:8069', '8072:8072'],
        volumes: ['./odoo.conf:/etc/odoo/odoo.conf:ro', 'filestore:/var/lib/odoo'],
        healthcheck: {
          test: ['CMD-SHELL', 'curl -fsS http://127.0.0.1:8069/web/health || exit 1'],
          interval: '10s',
          timeout: '5s',
          retries: 18,
        },
      },
    },
    volumes: { filestore },
  };
  return [
    yamlFile('compose.yaml', context, plan, compose),
    envFile(context, plan, env),
    { path: 'odoo.conf', secret: true, content: `; ${header(context, plan)}${renderOdooConf(s, context)}` },
  ];
}

/** haproxy.cfg: HTTP to the Odoo nodes with health checks, long polling to their gevent port. */
export function renderHaproxy(s: LoadBalancerSettings): string {
  const servers = (port: 'httpPort' | 'longpollingPort', check: string) =>
    s.backends.map((b) => `    server ${b.nodeId} ${b.host}:${b[port]} ${check}`).join('\n');
  return `global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 1200s
    option forwardfor
    option http-server-close
    default-server init-addr last,libc,none

frontend odoo
    bind :${s.listenPort}
    http-request set-header X-Forwarded-Proto http
    acl longpolling path_beg /websocket /longpolling
    use_backend odoo_longpolling if longpolling
    default_backend odoo_http

backend odoo_http
    balance roundrobin
    cookie OCORE_NODE insert indirect nocache
    option httpchk GET /web/health
${s.backends.map((b) => `    server ${b.nodeId} ${b.host}:${b.httpPort} check cookie ${b.nodeId}`).join('\n')}

backend odoo_longpolling
    balance source
${servers('longpollingPort', 'check')}
`;
}

/** nginx.conf: a whole configuration, run with its own prefix so it touches nothing else. */
export function renderNginx(s: LoadBalancerSettings): string {
  const upstream = (name: string, port: 'httpPort' | 'longpollingPort', extra: string) =>
    `    upstream ${name} {\n${extra}${s.backends.map((b) => `        server ${b.host}:${b[port]} max_fails=3 fail_timeout=10s;`).join('\n')}\n    }`;
  return `worker_processes auto;
pid nginx.pid;
error_log logs/error.log warn;

events {
    worker_connections 1024;
}

http {
    access_log logs/access.log;
    client_body_temp_path temp/body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;
    client_max_body_size 200m;
    proxy_read_timeout 1200s;

${upstream('odoo_http', 'httpPort', '        ip_hash;\n')}
${upstream('odoo_longpolling', 'longpollingPort', '')}

    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }

    server {
        listen ${s.listenPort};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Real-IP $remote_addr;

        location /websocket {
            proxy_pass http://odoo_longpolling;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }

        location / {
            proxy_pass http://odoo_http;
        }
    }
}
`;
}

/** Traefik's dynamic configuration (file provider): the same routes as the others. */
export function traefikDynamic(s: LoadBalancerSettings) {
  const servers = (port: 'httpPort' | 'longpollingPort') =>
    s.backends.map((b) => ({ url: `http://${b.host}:${b[port]}` }));
  return {
    http: {
      routers: {
        'odoo-longpolling': {
          rule: 'PathPrefix(`/websocket`) || PathPrefix(`/longpolling`)',
          service: 'odoo-longpolling',
          entryPoints: ['web'],
        },
        odoo: { rule: 'PathPrefix(`/`)', service: 'odoo', entryPoints: ['web'] },
      },
      services: {
        odoo: {
          loadBalancer: {
            sticky: { cookie: { name: 'OCORE_NODE' } },
            healthCheck: { path: '/web/health', interval: '10s' },
            servers: servers('httpPort'),
          },
        },
        'odoo-longpolling': { loadBalancer: { servers: servers('longpollingPort') } },
      },
    },
  };
}

function loadBalancerFiles(plan: NodePlan, context: RenderContext): RenderedFile[] {
  const s = plan.settings;
  if (s.kind !== 'load-balancer') return [];
  const project = composeProject(context.topologyId, plan.nodeId);
  const compose = (service: Record<string, unknown>) =>
    yamlFile('compose.yaml', context, plan, {
      name: project,
      services: { lb: { restart, ports: [`${s.listenPort}:${s.listenPort}`], ...service } },
    });
  switch (s.lbType) {
    case 'haproxy':
      return [
        { path: 'haproxy.cfg', secret: false, content: header(context, plan) + renderHaproxy(s) },
        compose({ image: images.haproxy, volumes: ['./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro'] }),
      ];
    case 'nginx':
      return [
        { path: 'nginx.conf', secret: false, content: header(context, plan) + renderNginx(s) },
        compose({
          image: images.nginx,
          volumes: ['./nginx.conf:/etc/nginx/nginx.conf:ro'],
          command: [
            'sh',
            '-c',
            'mkdir -p /tmp/lb/logs /tmp/lb/temp && exec nginx -p /tmp/lb -c /etc/nginx/nginx.conf -g "daemon off;"',
          ],
        }),
      ];
    case 'traefik':
      return [
        yamlFile('traefik-dynamic.yaml', context, plan, traefikDynamic(s)),
        compose({
          image: images.traefik,
          volumes: ['./traefik-dynamic.yaml:/etc/traefik/dynamic.yaml:ro'],
          command: [
            `--entrypoints.web.address=:${s.listenPort}`,
            '--providers.file.filename=/etc/traefik/dynamic.yaml',
            '--ping=true',
          ],
        }),
      ];
  }
}

/** Renders each node kind's files. Throws, with the reason, for a node it cannot render. */
export function createConfigRenderer(): ConfigRenderer {
  return {
    render(plan, context) {
      switch (plan.kind) {
        case 'postgres':
        case 'postgres-replica':
          return postgresFiles(plan, context);
        case 'redis':
          return redisFiles(plan, context);
        case 'filestore':
          return filestoreFiles(plan, context);
        case 'odoo':
          return odooFiles(plan, context);
        case 'load-balancer':
          return loadBalancerFiles(plan, context);
      }
    },
  };
}
