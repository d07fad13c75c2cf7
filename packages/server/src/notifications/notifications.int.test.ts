import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  commitAndPublish,
  emitDomainReminders,
  flushHeld,
  instanceDomainReminders,
  remindersDue,
  type DomainEventType,
  type NewDomainEvent,
} from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startFakeHttpServer, type FakeHttpServer, type RecordedRequest } from '../testing/fake-http-server.js';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { up as routeUpdateFailures } from '../db/migrations/20261212T0100-notification-update-failed.js';
import { up as moveExpiryWarnings } from '../db/migrations/20261213T0100-instance-domain-reminders.js';

const secret = 'a-webhook-secret-of-some-length';
let smtp: SmtpSink;
let receiver: FakeHttpServer;
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpSink();
  receiver = await startFakeHttpServer((_req, res) => res.writeHead(204).end());
  t = await startTestApp({
    OCORE_SMTP_URL: smtp.url,
    OCORE_MAIL_RETRY_SECONDS: '1',
    OCORE_NOTIFY_RETRY_SECONDS: '1',
    // The receiver is a loopback server of the test's own.
    OCORE_ALLOW_PRIVATE_EGRESS: '1',
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await receiver?.close();
  await smtp?.close();
});

/** What a receiver does: recompute the HMAC over `<timestamp>.<body>` and compare in constant time. */
function hasValidSignature(req: RecordedRequest): boolean {
  const timestamp = String(req.headers['x-ocore-timestamp']);
  const given = Buffer.from(String(req.headers['x-ocore-signature']));
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${req.body}`).digest('hex')}`,
  );
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

async function waitFor<T>(find: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const bodies = (path: string) =>
  receiver.requests.filter((r) => r.url === path).map((r) => JSON.parse(r.body) as Record<string, unknown>);

/** Emits into the durable event log as the slices do; the notifier reads it from there. */
/**
 * Publishes events as their slices would, with only the payload fields the notifier reads
 * (a whole instance or backup would say nothing more here).
 */
async function emit(...events: { organizationId: string; type: DomainEventType; payload: object }[]): Promise<void> {
  await commitAndPublish(t.app.deps, async (_tx, _record, push) => {
    for (const event of events) await push(event as NewDomainEvent);
  });
}

/** An instance as stored (on a server of its own), as deploying it would leave it. */
async function seedInstance(organizationId: string): Promise<{ id: string; slug: string }> {
  const db = t.app.deps.database.db;
  const server = await db
    .insertInto('servers')
    .values({
      organizationId,
      name: 'reminded-host',
      host: '127.0.0.9',
      port: 22,
      sshUser: 'deploy',
      cpuCores: 2,
      memoryMb: 2048,
      maxInstances: 5,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return db
    .insertInto('instances')
    .values({
      organizationId,
      serverId: server.id,
      name: 'Acme ERP',
      slug: `acme-erp-${crypto.randomUUID().slice(0, 8)}`,
      odooVersion: '18.0',
      odooEdition: 'ce',
      workers: 2,
      envVars: JSON.stringify([]) as never,
      moduleList: [],
      status: 'running',
      templateId: null,
      projectId: null,
      cpuLimit: null,
      memoryLimitMb: null,
      failedStep: null,
      failureReason: null,
      secretsSealed: null,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
}

describe('notifications', () => {
  it("routes a client's events to its signed webhook and branded email, and copies the agency", async () => {
    const agency = await t.agency('Notify Agency');
    await t.api('PUT', '/api/org', { token: agency.token, body: { name: 'Brightside Digital' } });
    await t.api('PUT', '/api/agency/branding', {
      token: agency.token,
      body: { fromEmail: 'alerts@brightside.example' },
    });
    const client = await t.client(agency, 'Client Co');
    const token = client.operatorToken;

    const missing = await t.api('POST', '/api/org/notification-channels', {
      token,
      body: { name: 'Ops hook', kind: 'webhook', url: `${receiver.url}/client` },
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('secret');

    const hook = await t.api('POST', '/api/org/notification-channels', {
      token,
      body: { name: 'Ops hook', kind: 'webhook', url: `${receiver.url}/client`, secret },
    });
    expect(hook.status).toBe(201);
    expect(hook.body).toMatchObject({ kind: 'webhook', hasSecret: true });
    expect(JSON.stringify(hook.body)).not.toContain(secret);
    const mailTo = `ops-${Date.now()}@client.example`;
    const email = await t.api('POST', '/api/org/notification-channels', {
      token,
      body: { name: 'Ops mail', kind: 'email', addresses: [mailTo] },
    });
    expect(email.status).toBe(201);

    // A test delivery, signed.
    const tested = await t.api('POST', `/api/org/notification-channels/${hook.body.id}/test`, { token });
    expect(tested.body).toMatchObject({ status: 'delivered', kind: 'test', responseStatus: 204 });
    const testRequest = receiver.requests.find((r) => r.url === '/client');
    expect(testRequest && hasValidSignature(testRequest)).toBe(true);
    expect(testRequest?.headers['x-ocore-event']).toBe('test');

    // The agency copies its clients' certificate failures to its own webhook.
    const agencyHook = await t.api('POST', '/api/org/notification-channels', {
      token: agency.token,
      body: { name: 'Agency hook', kind: 'webhook', url: `${receiver.url}/agency`, secret },
    });
    const agencyRules = await t.api('PUT', '/api/org/notification-rules', {
      token: agency.token,
      body: {
        rules: [{ kind: 'certificate.failed', channelIds: [agencyHook.body.id] }],
        copyClientNotifications: true,
      },
    });
    expect(agencyRules.status).toBe(200);
    const foreign = await t.api('PUT', '/api/org/notification-rules', {
      token,
      body: { rules: [{ kind: 'backup.failed', channelIds: [agencyHook.body.id] }] },
    });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toContain('rules.0.channelIds');
    const rules = await t.api('PUT', '/api/org/notification-rules', {
      token,
      body: {
        rules: [
          { kind: 'backup.failed', channelIds: [hook.body.id, email.body.id] },
          { kind: 'certificate.failed', channelIds: [hook.body.id] },
          { kind: 'instance.down', channelIds: [hook.body.id] },
          { kind: 'instance.recovered', channelIds: [hook.body.id] },
        ],
      },
    });
    expect(rules.status).toBe(200);
    expect(rules.body.rules.find((r: { kind: string }) => r.kind === 'backup.failed').channelIds).toHaveLength(2);

    // A failed backup and a failed certificate, as their slices publish them.
    await emit(
      {
        organizationId: client.id,
        type: 'backup.status',
        payload: {
          targetType: 'backup',
          targetId: crypto.randomUUID(),
          backup: {
            id: crypto.randomUUID(),
            instanceId: null,
            status: 'failed',
            reason: 'the destination refused the upload',
          },
        },
      },
      {
        organizationId: agency.organization.id,
        type: 'portal_domain.status',
        payload: {
          targetType: 'portal_domain',
          domain: {
            id: crypto.randomUUID(),
            clientOrgId: client.id,
            customDomain: 'portal.client.example',
            sslStatus: 'failed',
            sslError: 'CAA forbids issuance',
            status: 'verified',
          },
        },
      },
    );
    const backup = await waitFor(() =>
      receiver.requests.find((r) => r.url === '/client' && r.headers['x-ocore-event'] === 'backup.failed'),
    );
    expect(hasValidSignature(backup)).toBe(true);
    expect(JSON.parse(backup.body)).toMatchObject({ kind: 'backup.failed', organizationId: client.id });
    const certificate = await waitFor(() =>
      receiver.requests.find((r) => r.url === '/client' && r.headers['x-ocore-event'] === 'certificate.failed'),
    );
    expect(hasValidSignature(certificate)).toBe(true);
    expect(JSON.parse(certificate.body).text).toContain('CAA forbids issuance');
    const copy = await waitFor(() => receiver.requests.find((r) => r.url === '/agency'));
    expect(JSON.parse(copy.body)).toMatchObject({ kind: 'certificate.failed', organizationId: client.id });

    const mail = await smtp.waitFor(mailTo);
    expect(mail.from?.value).toEqual([{ name: 'Brightside Digital', address: 'alerts@brightside.example' }]);
    expect(mail.text).toContain('the destination refused the upload');
    expect(JSON.stringify([mail.subject, mail.text, mail.html])).not.toMatch(/ocore/i);

    const log = await t.api('GET', `/api/org/notification-channels/${hook.body.id}/deliveries`, { token });
    expect(log.body.items.map((d: { kind: string; status: string }) => `${d.kind}:${d.status}`)).toEqual(
      expect.arrayContaining(['test:delivered', 'backup.failed:delivered', 'certificate.failed:delivered']),
    );

    // A flapping instance: one message, then one summary at the window's end with how it ended.
    const instance = { id: crypto.randomUUID(), name: 'shop' };
    const down = {
      ...instance,
      status: 'failed',
      failedStep: 'health check',
      failureReason: '/web/health answered 502',
    };
    const up = { ...instance, status: 'running', failedStep: null };
    for (const state of [down, up, down, up, down, up])
      await emit({
        organizationId: client.id,
        type: 'instance.status',
        payload: { targetType: 'instance', targetId: instance.id, instance: state },
      });
    await waitFor(() => (bodies('/client').some((b) => b['kind'] === 'instance.down') ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const flapping = bodies('/client').filter((b) => (b['target'] as { id: string }).id === instance.id);
    expect(flapping.map((b) => b['kind'])).toEqual(['instance.down']);
    const window = await t.app.deps.database.db
      .selectFrom('notificationWindows')
      .select('id')
      .where('coalesceKey', 'like', `%${instance.id}`)
      .executeTakeFirstOrThrow();
    await flushHeld(t.app.deps, window.id);
    const summary = await waitFor(() => bodies('/client').find((b) => b['kind'] === 'instance.recovered'));
    expect(summary['text']).toContain('5 notifications were held back');
  }, 60_000);

  it('names an instance that crosses a threshold by its name, with a link to its monitoring', async () => {
    const owner = await t.signup('Threshold Owner');
    const token = owner.token;
    const channel = (body: Record<string, unknown>) => t.api('POST', '/api/org/notification-channels', { token, body });
    const hook = await channel({ name: 'Hook', kind: 'webhook', url: `${receiver.url}/threshold`, secret });
    const mailTo = `threshold-${Date.now()}@client.example`;
    const email = await channel({ name: 'Mail', kind: 'email', addresses: [mailTo] });
    await t.api('PUT', '/api/org/notification-rules', {
      token,
      body: { rules: [{ kind: 'instance.threshold', channelIds: [hook.body.id, email.body.id] }] },
    });
    const id = crypto.randomUUID();
    // As the monitoring job publishes it (instance-metrics.service: sampleInstance).
    await emit({
      organizationId: owner.organization.id,
      type: 'instance.threshold',
      payload: {
        targetType: 'instance',
        targetId: id,
        instanceName: 'shop-prod',
        threshold: 'memory_high',
        state: 'raised',
      },
    });
    const body = await waitFor(() => bodies('/threshold').find((b) => b['kind'] === 'instance.threshold'));
    const link = `${t.url}/instances/${id}/monitoring`;
    expect(body).toMatchObject({
      title: 'Instance shop-prod uses over 90 % of its memory limit',
      target: { type: 'instance', id, name: 'shop-prod' },
      link,
    });
    expect(String(body['text'])).not.toContain(id);
    const mail = await smtp.waitFor(mailTo);
    expect(mail.subject).toBe('Instance shop-prod uses over 90 % of its memory limit');
    expect(mail.text).toContain(link);
    expect(String(mail.html)).toContain(`href="${link}"`);
  }, 60_000);

  it("tells of an instance's domain that is misconfigured or whose certificate failed, once, with a link", async () => {
    const owner = await t.signup('Instance Domain Owner');
    const token = owner.token;
    const hook = await t.api('POST', '/api/org/notification-channels', {
      token,
      body: { name: 'Domains', kind: 'webhook', url: `${receiver.url}/instance-domains`, secret },
    });
    await t.api('PUT', '/api/org/notification-rules', {
      token,
      body: {
        rules: [
          { kind: 'domain.misconfigured', channelIds: [hook.body.id] },
          { kind: 'certificate.failed', channelIds: [hook.body.id] },
        ],
      },
    });
    const instanceId = crypto.randomUUID();
    const id = crypto.randomUUID();
    // As the instance-domain slice publishes them (only what the notifier reads).
    const observed = (state: object) => ({
      organizationId: owner.organization.id,
      type: 'instance_domain.status' as const,
      payload: {
        targetType: 'instance_domain',
        targetId: id,
        instanceId,
        domain: { id, domain: 'erp.owner.example', ...state },
      },
    });
    const broken = {
      status: 'misconfigured',
      lastError: 'no A record',
      sslStatus: 'failed',
      sslError: 'CAA forbids issuance',
    };
    await emit(observed({ status: 'verified', lastError: null, sslStatus: 'active', sslError: null }));
    await emit(observed(broken), observed(broken));
    const misconfigured = await waitFor(() =>
      bodies('/instance-domains').find((b) => b['kind'] === 'domain.misconfigured'),
    );
    expect(misconfigured).toMatchObject({
      title: 'erp.owner.example is misconfigured',
      target: { type: 'instance_domain', id, name: 'erp.owner.example' },
      link: `${t.url}/instances/${instanceId}/domains`,
    });
    const certificate = await waitFor(() =>
      bodies('/instance-domains').find((b) => b['kind'] === 'certificate.failed'),
    );
    expect(certificate['text']).toContain('CAA forbids issuance');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      bodies('/instance-domains')
        .map((b) => b['kind'])
        .sort(),
    ).toEqual(['certificate.failed', 'domain.misconfigured']);
  }, 60_000);

  it("reminds of an instance's unverified domain and of certificates not renewed, once each, by mail and webhook", async () => {
    const owner = await t.signup('Reminded Owner');
    const token = owner.token;
    const organizationId = owner.organization.id;
    await t.api('PUT', '/api/org', { token, body: { name: 'Acme Ltd' } });
    const hook = await t.api('POST', '/api/org/notification-channels', {
      token,
      body: { name: 'Reminders', kind: 'webhook', url: `${receiver.url}/reminders`, secret },
    });
    const mailTo = `reminders-${Date.now()}@acme.example`;
    const email = await t.api('POST', '/api/org/notification-channels', {
      token,
      body: { name: 'Reminder mail', kind: 'email', addresses: [mailTo] },
    });
    const channelIds = [hook.body.id, email.body.id];
    await t.api('PUT', '/api/org/notification-rules', {
      token,
      body: {
        rules: [
          { kind: 'certificate.expiring', channelIds },
          { kind: 'domain.unverified', channelIds },
        ],
      },
    });

    // An instance as stored, with a custom domain just added (unverified), one served with a
    // certificate expiring in 20 days, and its own hostname's certificate expiring in 30.
    const db = t.app.deps.database.db;
    const store = t.app.deps.store;
    const instance = await seedInstance(organizationId);
    const start = new Date();
    const inDays = (days: number) => new Date(start.getTime() + days * 86_400_000);
    const add = (domain: string) =>
      store.instanceDomains.insert({ organizationId, instanceId: instance.id, domain, dnsVerificationToken: 'tok' });
    const pending = await add('new.acme.example');
    const served = await add('erp.acme.example');
    await db
      .updateTable('instanceDomains')
      .set({ dnsVerified: true, isActive: true, status: 'verified' })
      .where('id', '=', served.id)
      .execute();
    const certificate = { certPem: 'CERT', keySealed: t.app.deps.secrets.seal('KEY') };
    const active = (expiresAt: Date) => ({
      sslStatus: 'active' as const,
      sslError: null,
      certificateExpiresAt: expiresAt.toISOString(),
    });
    await store.instanceDomains.setSsl(served.id, active(inDays(20)), certificate);
    const hostname = `${instance.slug}.apps.test`;
    await store.hostnameCertificates.setSsl(
      { instanceId: instance.id, organizationId, hostname },
      active(inDays(30)),
      certificate,
    );

    // The reminder job, run as the hours go by.
    const runAt = (at: Date) => emitDomainReminders({ ...t.app.deps, clock: { now: () => at } });
    expect(await runAt(inDays(1))).toBe(0);
    expect(await runAt(inDays(15))).toBe(2);
    expect(await runAt(inDays(15.1))).toBe(0);
    const reminders = () => bodies('/reminders');
    await waitFor(() => (reminders().length >= 2 ? true : undefined));
    expect(reminders()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'certificate.expiring',
          organizationId,
          title: 'The certificate of erp.acme.example (instance Acme ERP) expires in 5 days',
          target: { type: 'instance_domain', id: served.id, name: 'erp.acme.example' },
          link: `${t.url}/instances/${instance.id}/domains`,
        }),
        expect.objectContaining({
          kind: 'domain.unverified',
          title: 'new.acme.example (instance Acme ERP) is still not verified',
          text: expect.stringContaining(
            'new.acme.example, a domain of instance Acme ERP of Acme Ltd, was added 14 days ago',
          ),
        }),
      ]),
    );
    const mail = await smtp.waitFor(mailTo);
    expect(mail.subject).toMatch(/^(The certificate of erp|new)\.acme\.example \(instance Acme ERP\)/);
    expect(mail.text).toContain('of instance Acme ERP of Acme Ltd,');

    // Renewed in time (a new expiry) or verified: nothing more about those; the hostname's is due.
    await store.instanceDomains.setSsl(served.id, active(inDays(110)), certificate);
    expect(await runAt(inDays(28.5))).toBe(2);
    await db.updateTable('instanceDomains').set({ dnsVerified: true }).where('id', '=', pending.id).execute();
    expect(await runAt(inDays(29))).toBe(0);
    await waitFor(() => (reminders().length >= 4 ? true : undefined));
    const later = reminders().slice(2);
    expect(later).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'certificate.expiring',
          title: `The certificate of ${hostname} (instance Acme ERP) expires in 2 days`,
          text: expect.stringContaining(`${hostname}, the address of instance Acme ERP of Acme Ltd,`),
          target: { type: 'instance', id: instance.id, name: hostname },
          link: `${t.url}/instances/${instance.id}`,
        }),
        expect.objectContaining({ kind: 'domain.unverified', text: expect.stringContaining('added 28 days ago') }),
      ]),
    );
    const signed = receiver.requests.filter((r) => r.url === '/reminders');
    expect(signed.every(hasValidSignature)).toBe(true);
    expect(reminders()).toHaveLength(4);
  }, 60_000);

  it('posts to a Slack-compatible incoming webhook, whose URL is a secret shown as its origin only', async () => {
    const owner = await t.signup('Slack Owner');
    const token = owner.token;
    const hookPath = `/services/T000/B000/${crypto.randomUUID()}`;
    const created = await t.api('POST', '/api/org/notification-channels', {
      token,
      body: { name: 'Team chat', kind: 'slack', url: `${receiver.url}${hookPath}` },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'slack', url: `${receiver.url}/…` });
    const listed = await t.api('GET', '/api/org/notification-channels', { token });
    expect(JSON.stringify(listed.body)).not.toContain(hookPath);

    const tested = await t.api('POST', `/api/org/notification-channels/${created.body.id}/test`, { token });
    expect(tested.body).toMatchObject({ status: 'delivered', kind: 'test' });
    await t.api('PUT', '/api/org/notification-rules', {
      token,
      body: { rules: [{ kind: 'server.unreachable', channelIds: [created.body.id] }] },
    });
    const serverId = crypto.randomUUID();
    await emit({
      organizationId: owner.organization.id,
      type: 'server.status',
      payload: {
        targetType: 'server',
        targetId: serverId,
        server: { id: serverId, name: 'db-01', status: 'unreachable', lastProbeError: 'connection refused' },
      },
    });
    const alert = await waitFor(() => bodies(hookPath).find((b) => String(b['text']).includes('db-01')));
    expect(Object.keys(alert)).toEqual(['text']);
    expect(alert['text']).toBe('*Server db-01 is unreachable*\nServer db-01 cannot be reached: connection refused.');
    expect(bodies(hookPath)).toHaveLength(2);
  }, 60_000);

  it('routes a failed update and a failed redeploy by their own kinds', async () => {
    const owner = await t.signup('Operations Owner');
    const token = owner.token;
    const hook = async (path: string) =>
      (
        await t.api('POST', '/api/org/notification-channels', {
          token,
          body: { name: path, kind: 'webhook', url: `${receiver.url}${path}`, secret },
        })
      ).body.id as string;
    const deploys = await hook('/deploys');
    const updates = await hook('/updates');
    const routed = await t.api('PUT', '/api/org/notification-rules', {
      token,
      body: {
        rules: [
          { kind: 'instance.deploy_failed', channelIds: [deploys] },
          { kind: 'instance.update_failed', channelIds: [updates] },
        ],
      },
    });
    expect(routed.status).toBe(200);
    // The audit log names the kinds as they are (not renamed on the way back from the database).
    const audit = await t.api('GET', '/api/org/audit-log?action=notification_rules.updated', { token });
    expect(audit.body.items[0].diff.rules).toEqual([
      { kind: 'instance.deploy_failed', channelIds: [deploys] },
      { kind: 'instance.update_failed', channelIds: [updates] },
    ]);
    // As the operation runner publishes them (only what the notifier reads).
    const failed = (kind: string, instanceId: string) => ({
      organizationId: owner.organization.id,
      type: 'instance.operation' as const,
      payload: {
        targetType: 'instance',
        targetId: instanceId,
        operation: { instanceId, kind, status: 'failed', step: 'pull image', error: 'manifest unknown' },
      },
    });
    const updated = crypto.randomUUID();
    const redeployed = crypto.randomUUID();
    await emit(failed('update', updated), failed('redeploy', redeployed));
    const update = await waitFor(() => bodies('/updates')[0]);
    expect(update).toMatchObject({
      kind: 'instance.update_failed',
      title: 'The update of an instance failed',
      target: { id: updated },
    });
    const deploy = await waitFor(() => bodies('/deploys')[0]);
    expect(deploy).toMatchObject({ kind: 'instance.deploy_failed', target: { id: redeployed } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bodies('/updates')).toHaveLength(1);
    expect(bodies('/deploys')).toHaveLength(1);
  }, 60_000);

  it('keeps rules saved before update failures had a kind of their own: they go where deploy failures go', async () => {
    const owner = await t.signup('Old Rules Owner');
    const token = owner.token;
    const channel = await t.api('POST', '/api/org/notification-channels', {
      token,
      body: { name: 'Ops', kind: 'webhook', url: `${receiver.url}/old-rules`, secret },
    });
    // A rule as it was stored before: deploy failures (then also updates) to the hook.
    await t.api('PUT', '/api/org/notification-rules', { token, body: { rules: [] } });
    const db = t.app.deps.database.db;
    await db
      .updateTable('notificationRules')
      .set({ channels: JSON.stringify({ 'instance.deploy_failed': [channel.body.id], 'backup.failed': [] }) })
      .where('organizationId', '=', owner.organization.id)
      .execute();
    await routeUpdateFailures(db as never);
    const rules = await t.api('GET', '/api/org/notification-rules', { token });
    const channelsOf = (kind: string) =>
      rules.body.rules.find((r: { kind: string }) => r.kind === kind)?.channelIds as string[];
    expect(channelsOf('instance.deploy_failed')).toEqual([channel.body.id]);
    expect(channelsOf('instance.update_failed')).toEqual([channel.body.id]);
    expect(channelsOf('backup.failed')).toEqual([]);
    // A rule that names update failures itself is left as it is.
    await db
      .updateTable('notificationRules')
      .set({ channels: JSON.stringify({ 'instance.deploy_failed': [channel.body.id], 'instance.update_failed': [] }) })
      .where('organizationId', '=', owner.organization.id)
      .execute();
    await routeUpdateFailures(db as never);
    const after = await t.api('GET', '/api/org/notification-rules', { token });
    expect(after.body.rules.find((r: { kind: string }) => r.kind === 'instance.update_failed').channelIds).toEqual([]);
  });
  it('carries the expiry warnings the domains sweep sent over to the reminder job, so that none is sent twice', async () => {
    const owner = await t.signup('Warned Owner');
    const organizationId = owner.organization.id;
    const instance = await seedInstance(organizationId);
    const store = t.app.deps.store;
    const domain = await store.instanceDomains.insert({
      organizationId,
      instanceId: instance.id,
      domain: 'warned.acme.example',
      dnsVerificationToken: 'tok',
    });
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 10 * 86_400_000 + 123).toISOString();
    await store.instanceDomains.setSsl(
      domain.id,
      { sslStatus: 'active', sslError: null, certificateExpiresAt: expiresAt },
      { certPem: 'CERT', keySealed: 'KEY' },
    );
    // As the sweep left it before the migration: the 14-day warning sent.
    const db = t.app.deps.database.db;
    await sql`alter table instance_domains add column expiry_warned_days integer`.execute(db);
    await sql`update instance_domains set expiry_warned_days = 14 where id = ${domain.id}`.execute(db);
    await moveExpiryWarnings(db as never);
    const [due] = remindersDue(
      {
        id: domain.id,
        organizationId,
        name: domain.domain,
        dnsVerified: true,
        certificateExpiresAt: expiresAt,
        createdAt: domain.createdAt,
        hostname: false,
        instanceId: instance.id,
        instanceName: 'warned',
        organizationName: 'Warned',
      },
      now,
      instanceDomainReminders,
    );
    const state = await db
      .selectFrom('notificationStates')
      .select('state')
      .where('key', '=', due!.key)
      .executeTakeFirst();
    expect(state).toEqual({ state: 'sent' });
    const columns = await sql<{ name: string }>`
      select column_name as name from information_schema.columns where table_name = 'instance_domains'
    `.execute(db);
    expect(columns.rows.map((c) => c.name)).not.toContain('expiry_warned_days');
  });
});
