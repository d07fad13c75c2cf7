import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutgoingMail } from '@ocore/core';
import nodemailer, { type SendMailOptions } from 'nodemailer';

/** A message as it left: for the quick start's mail folder and for tests. */
export interface DeliveredMail extends OutgoingMail {
  /** The whole message (RFC 5322), as a mail server would receive it. */
  raw: string;
}

/** Hands one message to a mail server, or keeps it where a developer can read it. */
export interface MailTransport {
  /** Resolves once the message is accepted; throws when it is not (the outbox retries). */
  deliver(mail: OutgoingMail): Promise<void>;
  /** Where messages go, for the start-up log: `smtp://host:port`, a folder, or `memory`. */
  describe: string;
  /** The messages kept in memory (OCORE_DATA_DIR=memory without OCORE_SMTP_URL). */
  delivered: DeliveredMail[];
}

export interface MailTransportOptions {
  smtpUrl: string | undefined;
  /** The platform's sender address, used when a brand sets none. */
  fromAddress: string;
  dataDir: string;
}

function envelope(mail: OutgoingMail, fromAddress: string): SendMailOptions {
  return {
    from: { name: mail.from.name ?? '', address: mail.from.address ?? fromAddress },
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
  };
}

function smtpDescription(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * SMTP when OCORE_SMTP_URL is set (nodemailer's URL form, e.g. smtp://user:pass@host:587 or
 * smtps://…). Otherwise the quick start needs no mail server: each message is written as an
 * .eml file under `<data dir>/mail/`, or kept in memory when the data dir is `memory`.
 */
export function createMailTransport(options: MailTransportOptions): MailTransport {
  const delivered: DeliveredMail[] = [];
  if (options.smtpUrl) {
    const smtp = nodemailer.createTransport(options.smtpUrl);
    return {
      describe: smtpDescription(options.smtpUrl),
      delivered,
      async deliver(mail) {
        await smtp.sendMail(envelope(mail, options.fromAddress));
      },
    };
  }
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const folder = options.dataDir === 'memory' ? undefined : join(options.dataDir, 'mail');
  return {
    describe: folder ?? 'memory',
    delivered,
    async deliver(mail) {
      const info = await stream.sendMail(envelope(mail, options.fromAddress));
      const raw = (info.message as Buffer).toString('utf8');
      if (!folder) {
        delivered.push({ ...mail, raw });
        return;
      }
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomUUID()}.eml`;
      await writeFile(join(folder, name), raw, { mode: 0o600 });
    },
  };
}
