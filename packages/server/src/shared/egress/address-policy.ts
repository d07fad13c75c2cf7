import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Why an address may not be dialled, or undefined when it is a public unicast address.
 * Uses ipaddr.js' range table: anything but 'unicast' (loopback, private, linkLocal,
 * uniqueLocal, carrierGradeNat, multicast, broadcast, unspecified, reserved, ...) is refused.
 * IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry; IPv4-compatible ones
 * (`::127.0.0.1`, written `::7f00:1` by URL parsers; deprecated since RFC 4291) are refused
 * whatever they carry, as some stacks dial the IPv4 address inside.
 */
export function findBlockedRange(address: string): string | undefined {
  const bare = stripBrackets(address);
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  let parsed = ipaddr.parse(bare);
  if (parsed instanceof ipaddr.IPv6 && isIpv4Compatible(parsed)) return 'ipv4Compatible';
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress()) parsed = parsed.toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? undefined : range;
}

/** Whether the address is public unicast, i.e. not loopback, private, link-local, reserved, .... */
export function isPublicAddress(address: string): boolean {
  return findBlockedRange(address) === undefined;
}

/** Whether a URL hostname is an IP literal (`127.0.0.1`, `[::1]`) rather than a name to resolve. */
export function isIpLiteral(hostname: string): boolean {
  return isIP(stripBrackets(hostname)) !== 0;
}

/** The hostname without the brackets URL puts around IPv6 literals. */
export function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** `::a.b.c.d` (the first 96 bits zero), other than `::` and `::1`. */
function isIpv4Compatible(address: ipaddr.IPv6): boolean {
  const parts = address.parts;
  return parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || (parts[7] ?? 0) > 1);
}
