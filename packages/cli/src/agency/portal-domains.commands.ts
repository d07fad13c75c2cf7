import type { PortalDomain } from '@ocore/core';
import { Option, type Command } from 'commander';
import type { ApiClient } from '../shared/client.js';
import { CliError, usageError } from '../shared/errors.js';
import { wholeNumberIn } from '../shared/option-parsers.js';
import type { CliIo } from '../shared/output.js';
import { withRef, withSession, type Session } from '../shared/session.js';
import { fetchAllClients, findClient } from './clients.lookup.js';
import {
  domainName,
  formatCreatedPortalDomain,
  formatPortalDomainList,
  formatVerifyResult,
} from './portal-domains.format.js';
import { findPortalDomain } from './portal-domains.lookup.js';
import { watchPortalDomains, watchTargets, type WatchOptions } from './portal-domains.watch.js';

interface CreateOptions {
  subdomain?: string;
  domain?: string;
  client?: string;
}

/** Client slugs by id, fetched only when some domain serves a client. */
async function clientSlugs(api: ApiClient, domains: readonly PortalDomain[]): Promise<Map<string, string>> {
  if (!domains.some((d) => d.clientOrgId)) return new Map();
  const { items } = await fetchAllClients(api);
  return new Map(items.map((c) => [c.id, c.slug]));
}

async function listPortalDomains(session: Session): Promise<void> {
  const api = session.signedIn();
  const list = await api.portalDomains.list.query();
  const names = await clientSlugs(api, list.items);
  session.print(list, () => formatPortalDomainList(list.items, names));
}

async function createPortalDomain(session: Session, options: CreateOptions): Promise<void> {
  if (options.subdomain === undefined && options.domain === undefined) {
    throw usageError('pass --subdomain, --domain, or both');
  }
  const api = session.signedIn();
  const client = options.client === undefined ? undefined : await findClient(api, options.client);
  const input = { subdomain: options.subdomain, customDomain: options.domain, clientOrgId: client?.id };
  const created = await api.portalDomains.create.mutate(input);
  session.print(created, () => formatCreatedPortalDomain(created, client?.slug));
}

async function deletePortalDomain(session: Session, ref: string): Promise<void> {
  const api = session.signedIn();
  const domain = await findPortalDomain(api, ref);
  await api.portalDomains.delete.mutate({ domainId: domain.id });
  session.print({ deleted: domain }, () => `Deleted portal domain ${domainName(domain)} (${domain.id}).`);
}

/** Checks DNS now; exits 1 while the domain is not verified, so scripts can wait for it. */
async function verifyPortalDomain(session: Session, ref: string): Promise<void> {
  const api = session.signedIn();
  const domain = await findPortalDomain(api, ref);
  const result = await api.portalDomains.verify.mutate({ domainId: domain.id });
  session.print(result, () => formatVerifyResult(result));
  if (!result.verified) {
    throw new CliError(
      `${domainName(domain)} is not verified yet (${result.status}); run this again once DNS has the record`,
    );
  }
}

// setTimeout's limit, about 24 days.
const maxTimeoutSeconds = 2_147_483;

/** `ocore agency portal-domain list|create|verify|watch|delete`. */
export function registerPortalDomainCommands(agency: Command, io: CliIo): void {
  const domains = agency
    .command('portal-domain')
    .description('the subdomains and custom domains clients reach their portal on');

  domains
    .command('list')
    .description('list the portal domains with their DNS and SSL state (needs view:agency)')
    .action(withSession(io, listPortalDomains));

  domains
    .command('create')
    .description('add a portal domain: a subdomain, a custom domain, or both (needs manage:agency)')
    .option('--subdomain <name>', "a subdomain on the platform's domain, 1-63 characters")
    .option('--domain <hostname>', 'a custom domain, e.g. erp.acme.com; proven with a DNS TXT record')
    .option('--client <id|slug>', "the client whose portal this is (default: the agency's own)")
    .action(withSession<CreateOptions>(io, createPortalDomain));

  domains
    .command('verify')
    .description('check the DNS record of a custom domain now; exits 1 until it is verified (needs manage:agency)')
    .argument('<domainId>', 'the portal domain, by id (or its subdomain or custom domain)')
    .action(withRef(io, (session, _options, ref) => verifyPortalDomain(session, ref)));

  domains
    .command('watch')
    .description('print each change of DNS, SSL and active state as it happens, until Ctrl-C (needs view:agency)')
    .argument('[domainId]', 'only this portal domain, by id (or its subdomain or custom domain)')
    .addOption(
      new Option('--until <status>', 'stop (exit 0) once the domain has this status, or this SSL status').choices(
        watchTargets,
      ),
    )
    .option('--timeout <seconds>', 'give up (exit 1) after this long', wholeNumberIn(1, maxTimeoutSeconds))
    // The domain is optional: without it, every portal domain is watched.
    .action(withSession<WatchOptions>(io, (session, options, [ref]) => watchPortalDomains(session, options, ref)));

  domains
    .command('delete')
    .description('delete a portal domain (needs manage:agency)')
    .argument('<domainId>', 'the portal domain, by id (or its subdomain or custom domain)')
    .action(withRef(io, (session, _options, ref) => deletePortalDomain(session, ref)));
}
