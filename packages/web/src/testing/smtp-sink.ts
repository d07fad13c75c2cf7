/// <reference types="node" />
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 (no TLS, no auth) that keeps what it receives, parsed. */
export interface SmtpSink {
  url: string;
  /** The latest message to `to` whose text contains `contains`, waiting for it. */
  latest(to: string, contains: string): Promise<ParsedMail>;
  /** Every message to `to` whose text contains `contains`, as received so far (oldest first). */
  all(to: string, contains: string): ParsedMail[];
  close(): Promise<void>;
}

function isTo(mail: ParsedMail, address: string): boolean {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.some((a) => a.value.some((v) => v.address?.toLowerCase() === address.toLowerCase()));
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const all = (to: string, contains: string) =>
    received.filter((m) => isTo(m, to) && (m.text ?? '').includes(contains));
  return {
    all,
    url: `smtp://127.0.0.1:${port}`,
    async latest(to, contains) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const found = all(to, contains).at(-1);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} with "${contains}" arrived`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
