import { Agent } from 'node:https';
import type { CertificateAuthority, ChallengeResponder, SecretBox } from '@ocore/core';
import type * as AcmeClient from 'acme-client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Dns01Publisher } from './dns01.publishers.js';

export interface AcmeOptions {
  directoryUrl: string;
  /** The DNS-01 publisher of an organization (its provider, or the platform's hook); none: HTTP-01. */
  dns01: (organizationId: string | undefined) => Promise<Dns01Publisher | undefined>;
  email: string | undefined;
  /** PEM of a CA to trust for the ACME server's own TLS (a private or test CA). */
  caCertPem: string | undefined;
  db: Kysely<Database>;
  secrets: SecretBox;
}

type Acme = typeof AcmeClient;
let loading: Promise<Acme> | undefined;

/** acme-client (and its axios, forge and x509) loads at the first order, not at start-up. */
const loadAcme = (): Promise<Acme> => (loading ??= import('acme-client'));

/** The account for this directory: its key stored sealed, created on first use. */
async function accountClient(acme: Acme, options: AcmeOptions): Promise<AcmeClient.Client> {
  const { db, secrets, directoryUrl } = options;
  const stored = await db
    .selectFrom('acmeAccounts')
    .selectAll()
    .where('directoryUrl', '=', directoryUrl)
    .executeTakeFirst();
  const accountKey = stored
    ? secrets.open(stored.accountKeySealed)
    : (await acme.crypto.createPrivateEcdsaKey()).toString();
  // Polls quickly at first; a real CA answers within seconds, Pebble at once.
  const client = new acme.Client({
    directoryUrl,
    accountKey,
    accountUrl: stored?.accountUrl ?? undefined,
    backoffAttempts: 20,
    backoffMin: 250,
    backoffMax: 5000,
  });
  if (!stored?.accountUrl) {
    await client.createAccount({
      termsOfServiceAgreed: true,
      ...(options.email ? { contact: [`mailto:${options.email}`] } : {}),
    });
    await db
      .insertInto('acmeAccounts')
      .values({ directoryUrl, accountKeySealed: secrets.seal(accountKey), accountUrl: client.getAccountUrl() })
      .onConflict((oc) =>
        oc
          .column('directoryUrl')
          .doUpdateSet({ accountKeySealed: secrets.seal(accountKey), accountUrl: client.getAccountUrl() }),
      )
      .execute();
  }
  return client;
}

/**
 * Certificates from an ACME CA (OCORE_ACME_DIRECTORY_URL): by DNS-01 through the domain's
 * organization's DNS provider (or the platform's hook), else by HTTP-01: the key
 * authorization goes into `acme_challenges`, which every replica serves at
 * /.well-known/acme-challenge/.
 */
export function createAcmeAuthority(options: AcmeOptions): CertificateAuthority {
  const { db } = options;
  const agent = options.caCertPem ? new Agent({ ca: options.caCertPem }) : undefined;
  return {
    async obtain(host, onValidated, route = {}) {
      const { responder } = route;
      const dns01 = route.http01Only ? undefined : await options.dns01(route.organizationId);
      const acme = await loadAcme();
      if (agent) {
        // acme-client keeps one process-wide axios instance; this is how it trusts a private CA.
        acme.axios.defaults.httpsAgent = agent;
        acme.axios.defaults.proxy = false;
      }
      const client = await accountClient(acme, options);
      const order = await client.createOrder({ identifiers: [{ type: 'dns', value: host }] });
      const type = dns01 ? 'dns-01' : 'http-01';
      for (const authz of await client.getAuthorizations(order)) {
        if (authz.status === 'valid') continue;
        const challenge = authz.challenges.find((c) => c.type === type);
        if (!challenge) throw new Error(`The certificate authority offered no ${type} challenge for ${host}`);
        const keyAuthorization = await client.getChallengeKeyAuthorization(challenge);
        const publish = dns01
          ? dns01Steps(dns01, authz.identifier.value, keyAuthorization)
          : responder
            ? responderSteps(responder, challenge.token, keyAuthorization)
            : http01Steps(db, challenge.token, keyAuthorization);
        await publish.present();
        try {
          await client.completeChallenge(challenge);
          await client.waitForValidStatus(challenge);
        } finally {
          await publish.cleanup();
        }
      }
      await onValidated();
      const key = await acme.crypto.createPrivateEcdsaKey();
      const [, csr] = await acme.crypto.createCsr({ commonName: host, altNames: [host] }, key);
      const finalized = await client.finalizeOrder(order, csr);
      const certPem = await client.getCertificate(finalized);
      const info = acme.crypto.readCertificateInfo(certPem);
      return { certPem, keyPem: key.toString(), expiresAt: info.notAfter.toISOString() };
    },
  };
}

/** HTTP-01 answered elsewhere (an instance's proxy). */
function responderSteps(responder: ChallengeResponder, token: string, keyAuthorization: string) {
  return { present: () => responder.present(token, keyAuthorization), cleanup: () => responder.cleanup(token) };
}

/** HTTP-01: the answer waits in the database for whichever replica the CA reaches. */
function http01Steps(db: Kysely<Database>, token: string, keyAuthorization: string) {
  return {
    present: () =>
      db
        .insertInto('acmeChallenges')
        .values({ token, keyAuthorization })
        .onConflict((oc) => oc.column('token').doUpdateSet({ keyAuthorization }))
        .execute(),
    cleanup: () => db.deleteFrom('acmeChallenges').where('token', '=', token).execute(),
  };
}

/**
 * DNS-01: a TXT record at _acme-challenge.<name>. For dns-01 acme-client's key
 * authorization is already the record value (the digest), so it is published as given.
 */
function dns01Steps(publisher: Dns01Publisher, name: string, value: string) {
  const fqdn = `_acme-challenge.${name}.`;
  return { present: () => publisher.present(fqdn, value), cleanup: () => publisher.cleanup(fqdn, value) };
}

/** The key authorization for an HTTP-01 token, if an order is waiting for it. */
export async function findChallengeAnswer(db: Kysely<Database>, token: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('acmeChallenges')
    .select('keyAuthorization')
    .where('token', '=', token)
    .executeTakeFirst();
  return row?.keyAuthorization;
}
