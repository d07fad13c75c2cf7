/** A sender or recipient: an address with an optional display name. */
export interface MailAddress {
  name: string | null;
  /** Null: the platform's configured sender address (OCORE_MAIL_FROM). */
  address: string | null;
}

/** One message, ready to hand to a mail server: both an HTML and a plain-text part. */
export interface OutgoingMail {
  to: string;
  from: MailAddress;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sends mail. `send` only queues: the message is kept durably and delivered (retried with
 * backoff) by the server's outbox, so a mail server that is down loses nothing.
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}
