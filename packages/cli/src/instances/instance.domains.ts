import type { InstanceDomain, InstanceDomainList, VerifyInstanceDomainResult } from '@ocore/core';
import type { Command } from 'commander';
import type { ApiClient } from '../shared/client.js';
import type { CliIo } from '../shared/output.js';
import { withSession, type Session } from '../shared/session.js';
import { findInstance } from './instance.lookup.js';

const sslInWords: Record<InstanceDomain['sslStatus'], string> = {
  none: 'no certificate yet',
  pending_validation: 'certificate ordered, the authority is checking the domain',
  pending_issuance: 'certificate being issued',
  active: 'certificate active',
  failed: 'certificate failed',
};

/** The records to add, one per line, aligned. */
export function formatRecords(domain: InstanceDomain): string {
  const routing = domain.records.filter((r) => r.purpose === 'routing');
  const lines = domain.records
    .filter((r) => r.purpose === 'ownership')
    .map((r) => `  ${r.type.padEnd(5)} ${r.name}  ${r.value}   (proves ownership)`);
  if (routing.length) lines.push(`  and one of:`);
  for (const r of routing) lines.push(`  ${r.type.padEnd(5)} ${r.name}  ${r.value}`);
  return lines.join('\n');
}

/** One domain: its name, URL, DNS and certificate status, and what is wrong. */
export function formatDomain(domain: InstanceDomain): string {
  const lines = [`${domain.domain}  ${domain.status}  ${sslInWords[domain.sslStatus]}  ${domain.url}`];
  if (domain.lastError) lines.push(`  DNS: ${domain.lastError}`);
  if (domain.sslError) lines.push(`  certificate: ${domain.sslError}`);
  if (domain.certificateExpiresAt) lines.push(`  certificate expires ${domain.certificateExpiresAt}`);
  return lines.join('\n');
}

function formatList(list: InstanceDomainList): string {
  if (list.items.length === 0) return 'No custom domains.';
  return list.items.map(formatDomain).join('\n');
}

async function findDomain(api: ApiClient, instanceId: string, ref: string): Promise<InstanceDomain> {
  const { items } = await api.instanceDomains.list.query({ id: instanceId });
  const wanted = ref.toLowerCase().replace(/\.$/, '');
  const found = items.find((d) => d.id === ref || d.domain === wanted);
  if (!found) throw new Error(`no domain ${ref} on this instance`);
  return found;
}

async function verify(session: Session, instanceRef: string, domainRef: string): Promise<void> {
  const api = session.signedIn();
  const instance = await findInstance(api, instanceRef);
  const domain = await findDomain(api, instance.id, domainRef);
  const result: VerifyInstanceDomainResult = await api.instanceDomains.verify.mutate({
    id: instance.id,
    domainId: domain.id,
  });
  session.print(result, () =>
    result.verified
      ? `${formatDomain(result.domain)}\nVerified: the certificate is ordered and served once issued.`
      : `${formatDomain(result.domain)}\nNot verified yet. Add these records:\n${formatRecords(result.domain)}`,
  );
}

/** `ocore instance domain add|list|verify|remove`: an instance's custom domains. */
export function registerInstanceDomainCommands(instance: Command, io: CliIo): void {
  const domain = instance
    .command('domain')
    .description("an instance's custom domains: the records to add, DNS and certificate status");
  domain
    .command('list')
    .description('list the domains with their DNS and certificate status (needs view:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .action(
      withSession(io, async (session, _options, [ref]) => {
        const api = session.signedIn();
        const found = await findInstance(api, ref ?? '');
        const list = await api.instanceDomains.list.query({ id: found.id });
        session.print(list, () => formatList(list));
      }),
    );
  domain
    .command('add')
    .description('add a domain and show the DNS records to add (needs manage:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .argument('<domain>', 'e.g. erp.example.com')
    .action(
      withSession(io, async (session, _options, [ref, name]) => {
        const api = session.signedIn();
        const found = await findInstance(api, ref ?? '');
        const added = await api.instanceDomains.add.mutate({ id: found.id, domain: name ?? '' });
        session.print(
          added,
          () =>
            `Added ${added.domain}. Add these records at your DNS provider, then run \`ocore instance domain verify\`:\n${formatRecords(added)}`,
        );
      }),
    );
  domain
    .command('verify')
    .description('check the domain’s DNS now (needs manage:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .argument('<domain>', 'the domain, by name or id')
    .action(withSession(io, (session, _options, [ref, name]) => verify(session, ref ?? '', name ?? '')));
  domain
    .command('remove')
    .description('remove the domain: the proxy stops serving it (needs manage:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .argument('<domain>', 'the domain, by name or id')
    .action(
      withSession(io, async (session, _options, [ref, name]) => {
        const api = session.signedIn();
        const found = await findInstance(api, ref ?? '');
        const target = await findDomain(api, found.id, name ?? '');
        await api.instanceDomains.remove.mutate({ id: found.id, domainId: target.id });
        session.print({ removed: target.domain }, () => `Removed ${target.domain}.`);
      }),
    );
}
