import type { Actor } from '../auth/actor.js';
import { governingPortalConfig } from '../agency/portal-config.service.js';
import type { CoreDeps } from '../shared/deps.js';
import type { ServerRecord } from './server.ports.js';

/** What stands in an answer where a server's address or login was. */
export const hiddenMark = '[hidden]';

/** The servers' addresses and logins a client's own member may not see. */
export interface HiddenInfrastructure {
  /** Texts replaced wherever they occur (longest first): `user@host:port`, `host:port`, hosts, host keys. */
  texts: string[];
  /** SSH users: replaced as a whole value, or before an `@`. */
  users: string[];
}

/** The texts that give a server's whereabouts away. */
function textsOf(server: ServerRecord): string[] {
  const { host, port, sshUser } = server;
  return [
    `${sshUser}@${host}:${port}`,
    `${sshUser}@${host}`,
    `${host}:${port}`,
    `[${host}]:${port}`,
    host,
    ...(server.sshHostKey ? [server.sshHostKey] : []),
  ];
}

/**
 * What the agency hides of its servers from this actor: undefined when the actor may see it all
 * (an agency's own member, its operator in a client, a client whose agency shows `full`).
 * Covers the client's own servers and the agency's (where a client's instances may run).
 */
export async function hiddenInfrastructureFor(deps: CoreDeps, actor: Actor): Promise<HiddenInfrastructure | undefined> {
  const config = await governingPortalConfig(deps, actor);
  if (!config || config.infrastructureVisibility === 'full' || !actor.agencyOrganizationId) return undefined;
  const servers = [
    ...(await deps.store.servers.list(actor.organizationId)),
    ...(await deps.store.servers.list(actor.agencyOrganizationId)),
  ];
  const texts = [...new Set(servers.flatMap(textsOf))].filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
  return { texts, users: [...new Set(servers.map((s) => s.sshUser))] };
}

function redactText(text: string, hidden: HiddenInfrastructure): string {
  if (hidden.users.includes(text)) return hiddenMark;
  let out = text;
  for (const secret of hidden.texts) if (out.includes(secret)) out = out.split(secret).join(hiddenMark);
  for (const user of hidden.users) if (out.includes(`${user}@`)) out = out.split(`${user}@`).join(`${hiddenMark}@`);
  return out;
}

const isPlainObject = (value: object) => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * A copy of an answer (or an event) with every server address and login in its texts replaced
 * by `[hidden]`: a safety net for free text (failure reasons, log lines, audit diffs) that the
 * structured redaction of servers (`redactServer`) does not reach. Arrays keep their extra
 * properties' absence and their symbols (tracked stream envelopes).
 */
export function redactInfrastructure<T>(value: T, hidden: HiddenInfrastructure): T {
  if (typeof value === 'string') return redactText(value, hidden) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactInfrastructure(item, hidden)) as T;
  if (typeof value !== 'object' || value === null || !isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = redactInfrastructure(item, hidden);
  return copy as T;
}
