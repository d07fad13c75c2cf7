import { verificationRecordName, type PortalDomain, type VerifyResult } from '@ocore/core';
import { z } from 'zod';
import { formatFields, formatTable, formatTime, shorten } from '../shared/output.js';

const errorWidth = 40;

/** How a domain is named in sentences: its custom domain, else its subdomain. */
export function domainName(domain: Pick<PortalDomain, 'id' | 'customDomain' | 'subdomain'>): string {
  return domain.customDomain ?? domain.subdomain ?? domain.id;
}

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
    { header: 'status', value: (d) => d.status },
    { header: 'ssl', value: (d) => d.sslStatus },
    { header: 'active', value: (d) => (d.isActive ? 'yes' : 'no') },
    { header: 'last checked', value: (d) => formatTime(d.lastCheckedAt) },
    { header: 'next check', value: (d) => formatTime(d.nextCheckAt) },
    { header: 'last error', value: (d) => (d.lastError ? shorten(d.lastError, errorWidth) : '-') },
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
  const lines = [`Created portal domain ${domainName(domain)}.`, fields];
  if (record && !domain.dnsVerified) {
    lines.push('', formatDnsInstruction(record), 'The custom domain becomes active once the record is verified.');
  }
  return lines.join('\n');
}

// The server types diagnostics loosely (a record); these are the parts the CLI shows.
const shownDiagnostics = z.object({
  checkedAt: z.string(),
  txt: z.object({ status: z.string(), message: z.string() }),
  pointing: z.object({ status: z.string(), message: z.string() }),
});

/**
 * The outcome of `verify`: whether the domain is verified, the TXT record to add while DNS
 * does not hold it, what DNS said about the record and where the domain points, and when
 * the platform checks again by itself.
 */
export function formatVerifyResult(result: VerifyResult): string {
  const { domain } = result;
  const name = domainName(domain);
  const diagnostics = shownDiagnostics.safeParse(result.diagnostics).data;
  if (!domain.customDomain) {
    return `${name} needs no DNS record: a subdomain on the platform's domain is verified at once.`;
  }
  const lines = [result.verified ? `${name} is verified.` : `${name} is not verified yet (status ${result.status}).`];
  const record = verificationRecordOf(domain);
  if (record && !result.verified && diagnostics?.txt.status !== 'found') lines.push(formatDnsInstruction(record));
  const found: [string, string][] = diagnostics
    ? [
        ['TXT record', diagnostics.txt.message],
        ['Pointing', diagnostics.pointing.message],
      ]
    : [['Last error', domain.lastError ?? '-']];
  const fields = formatFields([
    ...found,
    ['Status', result.status],
    ['SSL', domain.sslError ? `${domain.sslStatus} (${domain.sslError})` : domain.sslStatus],
    ['Checked at', formatTime(diagnostics?.checkedAt ?? domain.lastCheckedAt)],
    ['Next check', formatTime(domain.nextCheckAt)],
  ]);
  return [...lines, '', fields].join('\n');
}

/** One line of `watch`: `time  name  status=…  dns=…  ssl=…  active=…  error: …`. */
export function formatWatchLine(time: string, domain: PortalDomain): string {
  const parts = [
    formatTime(time),
    domainName(domain),
    `status=${domain.status}`,
    `dns=${dnsState(domain)}`,
    `ssl=${domain.sslStatus}`,
    `active=${domain.isActive ? 'yes' : 'no'}`,
  ];
  if (domain.lastError) parts.push(`error: ${domain.lastError}`);
  if (domain.sslError) parts.push(`ssl error: ${domain.sslError}`);
  return parts.join('  ');
}
