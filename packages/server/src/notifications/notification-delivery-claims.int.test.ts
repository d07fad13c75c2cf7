import { attemptDelivery } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from '../testing/fake-http-server.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/*
 * A delivery is sent once even when a second job runs for it while the first is still
 * sending (the stale-delivery sweep requeues what is queued after 5 minutes; pg-boss retries
 * a job it thinks lost): the first attempt holds a leased claim.
 */
let receiver: FakeHttpServer;
let t: TestApp;
let release: () => void = () => undefined;
let gate = Promise.resolve();

beforeAll(async () => {
  // A slow receiver: it answers only when the test opens the gate.
  receiver = await startFakeHttpServer((_req, res) => void gate.then(() => res.writeHead(204).end()));
  t = await startTestApp({ OCORE_NOTIFY_RETRY_SECONDS: '1', OCORE_ALLOW_PRIVATE_EGRESS: '1' });
}, 60_000);
afterAll(async () => {
  release();
  await t?.close();
  await receiver?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(100);
  }
}

describe('notification deliveries', () => {
  it('are sent once when a second job runs while the first is still sending', async () => {
    const owner = await t.signup('Slow Receiver Owner');
    const hook = await t.api('POST', '/api/org/notification-channels', {
      token: owner.token,
      body: { name: 'Slow hook', kind: 'webhook', url: `${receiver.url}/slow`, secret: 'a-webhook-secret-of-length' },
    });
    expect(hook.status).toBe(201);
    const deps = t.app.deps;
    const now = new Date().toISOString();
    const delivery = await deps.notifications.insertDelivery({
      organizationId: owner.organization.id,
      channelId: hook.body.id,
      status: 'queued',
      message: {
        kind: 'backup.failed',
        organizationId: owner.organization.id,
        title: 'A backup failed',
        text: 'A backup failed: the disk is full.',
        target: { type: 'instance', id: null, name: 'shop' },
        occurredAt: now,
        coalesceKey: `backup.failed:instance:${now}`,
        eventId: null,
      },
    });
    gate = new Promise((resolve) => (release = resolve));
    const first = attemptDelivery(deps, delivery.id, false);
    await until(() => receiver.requests.length === 1);

    // The sweep leaves a delivery being sent alone, even when it looks old.
    const later = new Date(Date.now() + 10 * 60_000);
    expect(await deps.notifications.listStaleQueued(later, new Date(), 100)).not.toContain(delivery.id);
    // A second attempt meanwhile sends nothing; a real job for it retries later.
    await expect(attemptDelivery(deps, delivery.id, false)).rejects.toThrow(/being sent by another attempt/);
    await deps.notificationQueue.deliver(delivery.id);
    await sleep(2500);
    expect(receiver.requests).toHaveLength(1);

    release();
    expect(await first).toMatchObject({ status: 'delivered', attempts: 1, responseStatus: 204 });
    // The job's retry finds it delivered and sends nothing more.
    await sleep(3000);
    expect(receiver.requests).toHaveLength(1);
    expect(await attemptDelivery(deps, delivery.id, false)).toMatchObject({ status: 'delivered', attempts: 1 });
    const log = await t.api('GET', `/api/org/notification-channels/${hook.body.id}/deliveries`, {
      token: owner.token,
    });
    expect(log.body.items).toEqual([expect.objectContaining({ id: delivery.id, status: 'delivered', attempts: 1 })]);
  }, 60_000);

  it('are taken by the next attempt when the one holding them died (its lease ran out)', async () => {
    const owner = await t.signup('Lease Owner');
    const hook = await t.api('POST', '/api/org/notification-channels', {
      token: owner.token,
      body: { name: 'Hook', kind: 'webhook', url: `${receiver.url}/lease`, secret: 'a-webhook-secret-of-length' },
    });
    const deps = t.app.deps;
    const now = new Date().toISOString();
    const delivery = await deps.notifications.insertDelivery({
      organizationId: owner.organization.id,
      channelId: hook.body.id,
      status: 'queued',
      message: {
        kind: 'test',
        organizationId: owner.organization.id,
        title: 'Lease',
        text: 'Lease.',
        target: { type: 'notification_channel', id: hook.body.id, name: 'Hook' },
        occurredAt: now,
        coalesceKey: `lease:${now}`,
        eventId: null,
      },
    });
    // An attempt that took it an hour ago and never came back.
    const stale = await deps.notifications.claimDelivery(delivery.id, new Date(), new Date(Date.now() - 1000));
    expect(stale).toBeDefined();
    expect(await attemptDelivery(deps, delivery.id, false)).toMatchObject({ status: 'delivered', attempts: 1 });
    // The dead attempt, were it to finish, changes nothing: its claim is gone.
    expect(await deps.notifications.updateDelivery(delivery.id, { status: 'failed' }, stale)).toBe(false);
    expect((await deps.notifications.findDelivery(delivery.id))?.status).toBe('delivered');
    expect(receiver.requests.filter((r) => r.url === '/lease')).toHaveLength(1);
  }, 60_000);
});
