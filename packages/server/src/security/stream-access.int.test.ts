import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testJwtSecret } from '../testing/test-app.js';
import { listProcedures } from './testing/procedures.js';
import { openStream, type LiveStream } from './testing/live-stream.js';
import { startSecurityApp, type SecurityApp } from './testing/security-app.js';

/**
 * Access ends at once on live streams, as REST refuses: every subscription of the router,
 * opened by someone who then is removed, loses the permission it rests on (an operator whose
 * agency role no longer has manage:agency), whose organization is deleted, or whose token
 * expires, ends with the very error REST answers that caller, and gets no event after the
 * one that ended its access.
 */

/** How each subscription is opened: a new subscription fails the suite until it has an entry here. */
const streamInputs: Record<string, unknown> = {
  'events.onOrgEvent': undefined,
  'portalDomains.onStatus': undefined,
  'topologies.onDeployment': undefined,
  'instances.onStatus': undefined,
  'instances.onOperation': undefined,
  'instanceMonitoring.onSample': undefined,
  'backups.onBackup': undefined,
};
/**
 * Streams that need a running container, which this suite has none of: the docker test named
 * ends them (a removed member, a feature switched off) through the same guard (`guardedStream`).
 */
const coveredElsewhere: Record<string, string> = {
  'instanceLogs.follow': 'instance-logs/logs-monitoring.docker.int.test.ts',
};
const subscriptions = listProcedures()
  .filter((p) => p.type === 'subscription' && !(p.path in coveredElsewhere))
  .map((p) => p.path);

let t: SecurityApp;
beforeAll(async () => {
  t = await startSecurityApp({}, 'warn');
});
afterAll(async () => {
  await t.close();
});

const opened: LiveStream[] = [];
afterAll(() => opened.forEach((s) => s.close()));

/** Every subscription, opened with `token`; each must start. */
async function openAll(token: string): Promise<Map<string, LiveStream>> {
  const streams = new Map<string, LiveStream>();
  for (const path of subscriptions) {
    const stream = openStream(t.url, path, streamInputs[path], token);
    opened.push(stream);
    await stream.answered;
    expect(stream.error, `${path} did not start`).toBeUndefined();
    streams.set(path, stream);
  }
  return streams;
}

/** What REST answers `token` now, the way each stream must end: the status and the domain code. */
async function restRefusal(token: string) {
  const res = await t.api('GET', '/api/org', { token });
  expect(res.status).toBeGreaterThanOrEqual(400);
  return { status: res.status, code: res.body.error as string };
}

async function expectEnded(streams: Map<string, LiveStream>, token: string) {
  const refusal = await restRefusal(token);
  for (const [path, stream] of streams) {
    await expect.poll(() => stream.error?.error, { message: `${path} went on`, timeout: 5000 }).toBe(refusal.code);
    expect(stream.error?.data?.httpStatus, path).toBe(refusal.status);
    expect(stream.data, `${path} got events after its access ended`).toEqual([]);
  }
  return refusal;
}

const must = async (status: number, call: Promise<{ status: number; body: any }>) => {
  const res = await call;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};

describe('live streams end when access ends', () => {
  it('covers every subscription of the router', () => {
    expect(subscriptions.length).toBeGreaterThan(0);
    expect(subscriptions.filter((path) => !(path in streamInputs))).toEqual([]);
  });

  it('a removed member: every stream ends with ACCESS_REVOKED, and others in the organization go on', async () => {
    const owner = await t.agency();
    const member = await t.joinAs(owner, 'Admin');
    const streams = await openAll(member.token);
    const ownerStream = openStream(t.url, 'events.onOrgEvent', undefined, owner.token);
    opened.push(ownerStream);
    await ownerStream.answered;
    await must(204, t.api('DELETE', `/api/org/members/${member.userId}`, { token: owner.token }));
    expect(await expectEnded(streams, member.token)).toEqual({ status: 401, code: 'ACCESS_REVOKED' });
    await expect.poll(() => ownerStream.data.length).toBe(1);
    expect(ownerStream.error).toBeUndefined();
  });

  it('an operator whose agency role loses manage:agency: every stream in the client ends', async () => {
    const owner = await t.agency();
    const client = await t.client(owner);
    const member = await t.joinAs(owner, 'Admin');
    const operator = await must(
      200,
      t.api('POST', '/api/auth/switch-org', { token: member.token, body: { organizationId: client.id } }),
    );
    const streams = await openAll(operator.token);
    await must(
      200,
      t.api('PUT', `/api/org/members/${member.userId}`, { token: owner.token, body: { role: 'Developer' } }),
    );
    expect(await expectEnded(streams, operator.token)).toEqual({ status: 401, code: 'ACCESS_REVOKED' });
  });

  it('a deleted client: the operator streams in it end', async () => {
    const owner = await t.agency();
    const client = await t.client(owner);
    const streams = await openAll(client.operatorToken);
    await must(204, t.api('DELETE', `/api/agency/clients/${client.id}`, { token: owner.token }));
    expect(await expectEnded(streams, client.operatorToken)).toEqual({ status: 401, code: 'ACCESS_REVOKED' });
  });

  it("a deleted organization: its Owner's own streams end", async () => {
    const owner = await t.agency();
    const streams = await openAll(owner.token);
    await must(204, t.api('DELETE', '/api/org', { token: owner.token }));
    expect(await expectEnded(streams, owner.token)).toEqual({ status: 401, code: 'ACCESS_REVOKED' });
  });

  it('an expired token: every stream ends with UNAUTHENTICATED when it expires', async () => {
    const owner = await t.agency();
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    // The owner's session (every token names one), on a token that expires in two seconds.
    const { sid } = decodeJwt(owner.token);
    const token = await new SignJWT({ org: owner.organization.id, amr: ['pwd'], sid })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(owner.user.id)
      .setIssuer('ocore')
      .setAudience('ocore-api')
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .setExpirationTime(expiresAt)
      .sign(new TextEncoder().encode(testJwtSecret));
    const streams = await openAll(token);
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 200));
    expect(await expectEnded(streams, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
