import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.js';
import { createTestPostgresDatabase, testDbKind } from '../testing/test-database.js';
import { linkToken, startTestApp, type TestApp } from '../testing/test-app.js';

/*
 * The outbox is never lost on a restart: a message queued by a process that goes away before
 * sending it (it works no jobs, or the mail server refuses it until then) is sent by the next
 * process on the same database, once. The database outlives the processes: PGlite's files in a
 * data folder, or a PostgreSQL database of this file's own.
 */

let smtp: SmtpSink;
let dataDir: string | undefined;
let pgDb: Awaited<ReturnType<typeof createTestPostgresDatabase>> | undefined;
let database: Record<string, string>;
const running = new Set<TestApp>();

beforeAll(async () => {
  smtp = await startSmtpSink();
  if (testDbKind() === 'postgres') {
    pgDb = await createTestPostgresDatabase();
    database = { DATABASE_URL: pgDb.url };
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'ocore-mail-restart-'));
    database = { OCORE_DATA_DIR: dataDir };
  }
}, 60_000);

afterAll(async () => {
  for (const app of running) await app.close();
  await smtp?.close();
  await pgDb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A server process on the shared database; `jobs: false` queues mail but sends none. */
async function start(jobs: boolean): Promise<TestApp> {
  const app = await startTestApp({
    ...database,
    OCORE_SMTP_URL: smtp.url,
    OCORE_MAIL_RETRY_SECONDS: '1',
    OCORE_JOBS: jobs ? '1' : '0',
  });
  running.add(app);
  return app;
}

async function stop(app: TestApp): Promise<void> {
  running.delete(app);
  await app.close();
}

const to = (address: string) => (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).some((a) => a.value.some((v) => v.address === address));

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits a while longer than the worker's polling and the first retry, then counts. */
async function settledCount(address: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return smtp.received.filter(to(address)).length;
}

describe('the mail outbox across restarts', () => {
  it('sends, from the next process, a message queued by one that stopped before sending it', async () => {
    const first = await start(false);
    const owner = await first.signup('Outbox Owner');
    const email = `queued-${Date.now()}@example.com`;
    const invited = await first.api('POST', '/api/org/invitations', {
      token: owner.token,
      body: { email, role: 'Viewer' },
    });
    expect(invited.status).toBe(201);
    await stop(first);
    expect(smtp.received.filter(to(email))).toHaveLength(0);

    const second = await start(true);
    const mail = await smtp.waitFor(email);
    expect(mail.subject).toMatch(/^You are invited to /);
    expect(await settledCount(email)).toBe(1);
    // The sign-up's verification mail waited in the outbox too, and went once.
    expect(smtp.received.filter(to(owner.user.email))).toHaveLength(1);
    // What was mailed still works: the link accepts the invitation.
    const accepted = await second.api('POST', '/api/auth/invitations/accept', {
      body: { token: linkToken({ text: mail.text ?? '' }), name: 'Queued Person', password: 'a long enough password' },
    });
    expect(accepted.status).toBe(200);
    await stop(second);
  }, 90_000);

  it('sends, from the next process, a message the mail server refused until the process stopped', async () => {
    smtp.refuseNext(1_000);
    const first = await start(true);
    const owner = await first.signup('Refused Owner');
    const email = `refused-${Date.now()}@example.com`;
    const invited = await first.api('POST', '/api/org/invitations', {
      token: owner.token,
      body: { email, role: 'Viewer' },
    });
    expect(invited.status).toBe(201);
    // Tried, refused, and waiting for its retry when the process stops.
    await until(() => smtp.refused.some(to(email)), 'the mail server refused the invitation');
    await stop(first);
    smtp.refuseNext(0);
    expect(smtp.received.filter(to(email))).toHaveLength(0);

    const second = await start(true);
    await smtp.waitFor(email, 30_000);
    expect(await settledCount(email)).toBe(1);
    expect(smtp.received.filter(to(owner.user.email))).toHaveLength(1);
    await stop(second);
  }, 90_000);
});
