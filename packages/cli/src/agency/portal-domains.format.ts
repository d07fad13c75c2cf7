import { verificationRecordName, type PortalDomain } from '@ocore/core';
import { formatFields, formatTable } from '../shared/output.js';

/** The TXT record that proves ownership of the custom domain, or undefined without one. */
export function verificationRecordOf(domain: PortalDomain): { name: string; value: string } | undefined {
  if (domain.verificationRecord) return domain.verificationRecord;
  if (!domain.customDomain) return undefined;
  return { name: verificationRecordName(domain.customDomain), value: domain.dnsVerificationToken };
}

/** `Add this DNS record: _ocore-verification.erp.acme.com TXT "ocore-verify-…"`. */
export function formatDnsInstruction(record: { name: string; value: string }): string {
  return `Add this DNS record: ${record.name} TXT "${record.value}"`;
}

function dnsState(domain: PortalDomain): string {
  return domain.dnsVerified ? 'verified' : 'pending';
}

/**
 * The portal domains as a table; `clientNames` maps client ids to what to show for them
 * (their slug), the agency's own portal shown as "-".
 */
export function formatPortalDomainList(
  domains: readonly PortalDomain[],
  clientNames: ReadonlyMap<string, string>,
): string {
  if (domains.length === 0) {
    return 'This agency has no portal domains yet; add one with `ocore agency portal-domain create --subdomain <name>`.';
  }
  return formatTable(domains, [
    { header: 'subdomain', value: (d) => d.subdomain ?? '-' },
    { header: 'custom domain', value: (d) => d.customDomain ?? '-' },
    { header: 'client', value: (d) => (d.clientOrgId ? (clientNames.get(d.clientOrgId) ?? d.clientOrgId) : '-') },
    { header: 'dns', value: dnsState },
    { header: 'ssl', value: (d) => d.sslStatus },
    { header: 'active', value: (d) => (d.isActive ? 'yes' : 'no') },
    { header: 'id', value: (d) => d.id },
  ]);
}

/** A new portal domain field by field, then the DNS record to add when it waits for one. */
export function formatCreatedPortalDomain(domain: PortalDomain, clientName: string | undefined): string {
  const fields = formatFields([
    ['ID', domain.id],
    ['Subdomain', domain.subdomain ?? '-'],
    ['Custom domain', domain.customDomain ?? '-'],
    ['Client', clientName ?? '- (the agency portal)'],
    ['DNS', dnsState(domain)],
    ['Active', domain.isActive ? 'yes' : 'no'],
  ]);
  const record = verificationRecordOf(domain);
  const lines = [`Created portal domain ${domain.customDomain ?? domain.subdomain ?? domain.id}.`, fields];
  if (record && !domain.dnsVerified) {
    lines.push('', formatDnsInstruction(record), 'The custom domain becomes active once the record is verified.');
  }
  return lines.join('\n');
}
