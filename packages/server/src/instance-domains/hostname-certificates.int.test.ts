import { randomUUID } from 'node:crypto';
import { sweepHostnameCertificates } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * The certificates of instances' own hostnames as stored: which instances the renewal sweep
 * orders for (none yet, a failed order due again, one to renew, one for another hostname), and
 * the instance's answer with its state and its https url once it has one.
 */
let t: TestApp;
const httpsPort = 8443;
beforeAll(async () => {
  t = await startTestApp({ OCORE_INSTANCE_BASE_DOMAIN: 'apps.test', OCORE_PROXY_HTTPS_PORT: String(httpsPort) });
});
afterAll(() => t.close());

const db = () => t.app.deps.database.db;
const repo = () => t.app.deps.store.hostnameCertificates;

async function seed(organizationId: string, statuses: string[]): Promise<{ id: string; slug: string }[]> {
  const server = await db()
    .insertInto('servers')
    .values({
      organizationId,
      name: 'tls-host',
      host: '127.0.0.9',
      port: 22,
      sshUser: 'deploy',
      cpuCores: 2,
      memoryMb: 2048,
      maxInstances: 50,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return db()
    .insertInto('instances')
    .values(
      statuses.map((status, n) => ({
        organizationId,
        serverId: server.id,
        name: `tls ${n}`,
        slug: `tls-${n}-${randomUUID().slice(0, 8)}`,
        odooVersion: '18.0',
        odooEdition: 'ce',
        workers: 2,
        envVars: JSON.stringify([]) as never,
        moduleList: [],
        status,
        templateId: null,
        projectId: null,
        cpuLimit: null,
        memoryLimitMb: null,
        failedStep: null,
        failureReason: null,
        secretsSealed: null,
      })),
    )
    .returning(['id', 'slug'])
    .execute();
}

describe('certificates of instances’ hostnames', () => {
  it('are ordered for deployed instances with none, a failed one due, one to renew or one for another name', async () => {
    const { token, organization } = await t.signup();
    const statuses = ['running', 'stopped', 'running', 'running', 'running', 'running', 'deploying', 'pending'];
    const [fresh, stopped, good, renew, failedLater, failedDue, deploying, pending] = await seed(
      organization.id,
      statuses,
    );
    const now = new Date();
    const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
    const target = (i: { id: string; slug: string }, hostname = `${i.slug}.apps.test`) => ({
      instanceId: i.id,
      organizationId: organization.id,
      hostname,
    });
    const cert = { certPem: 'CERT', keySealed: t.app.deps.secrets.seal('KEY') };
    await repo().setSsl(target(good!), { sslStatus: 'active', sslError: null, certificateExpiresAt: inDays(80) }, cert);
    await repo().setSsl(
      target(renew!),
      { sslStatus: 'active', sslError: null, certificateExpiresAt: inDays(10) },
      cert,
    );
    const failed = (retryAt: string) => ({ sslStatus: 'failed' as const, sslError: 'no answer', retryAt });
    await repo().setSsl(target(failedLater!), failed(inDays(1)));
    await repo().setSsl(target(failedDue!), failed(inDays(-1)));
    await repo().setSsl(target(stopped!, 'old.other.test'), { sslStatus: 'active', sslError: null }, cert);

    const due = await repo().needingCertificates(now, new Date(inDays(30)), 'apps.test', 50);
    const mine = new Set([fresh, stopped, good, renew, failedLater, failedDue, deploying, pending].map((i) => i!.id));
    // Not `good` (80 days left), `failedLater` (retry tomorrow), nor the not yet deployed ones.
    expect(new Set(due.filter((id) => mine.has(id)))).toEqual(
      new Set([fresh!.id, stopped!.id, renew!.id, failedDue!.id]),
    );
    expect((await repo().find(failedDue!.id))?.sslFailures).toBe(1);

    // The served ones on the server: with a certificate, whatever hostname it was issued for.
    const served = await repo().listServedOnServer((await t.app.deps.store.instances.findById(good!.id))!.serverId);
    expect(served.map((s) => s.instanceId).sort()).toEqual([good!.id, renew!.id, stopped!.id].sort());

    // The answer: the state, and https on the proxies' TLS port once a certificate is there.
    const get = async (id: string) => (await t.api('GET', `/api/instances/${id}`, { token })).body;
    expect(await get(good!.id)).toMatchObject({
      url: `https://${good!.slug}.apps.test:${httpsPort}`,
      hostnameCertificate: { status: 'active', error: null, expiresAt: inDays(80) },
    });
    expect(await get(failedDue!.id)).toMatchObject({
      url: expect.stringMatching(/^http:\/\//),
      hostnameCertificate: { status: 'failed', error: 'no answer', expiresAt: null },
    });
    expect(await get(fresh!.id)).toMatchObject({ hostnameCertificate: null, url: expect.stringMatching(/^http:\/\//) });
    expect(JSON.stringify(await get(good!.id))).not.toContain('KEY');
  });

  it('are swept into the order queue only with an ACME CA configured', async () => {
    // This app has no ACME directory: nothing is ordered, so no order can fail for want of one.
    expect(t.app.deps.hostnameCertificateOrders).toBeUndefined();
    expect(await sweepHostnameCertificates(t.app.deps, 10)).toBe(0);
  });
});
