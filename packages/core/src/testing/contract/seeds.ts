import { randomUUID } from 'node:crypto';
import type { NewServer } from '../../servers/server.ports.js';
import type { NewInstance } from '../../instances/instance.ports.js';
import type { Repositories } from '../../shared/store.js';

/** A fresh, lowercase name part, so that tests sharing one store never collide. */
export function unique(prefix = 'c'): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

export function newOrg(slug = unique('org-'), parentOrganizationId: string | null = null) {
  return { name: `Org ${slug}`, slug, logoUrl: null, parentOrganizationId };
}

export function newUser(name = 'Ada') {
  return { email: `${unique('u')}@example.com`, name, passwordHash: 'hash' };
}

export function newServer(organizationId: string, name = unique('srv-')): NewServer {
  return {
    organizationId,
    name,
    host: '127.0.0.1',
    port: 22,
    sshUser: 'deploy',
    sealedKey: 'sealed-key',
    sealedPassword: null,
    capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 10 },
    dockerSocket: '/var/run/docker.sock',
  };
}

export function newInstance(organizationId: string, serverId: string, name = unique('inst-')): NewInstance {
  return {
    organizationId,
    serverId,
    name,
    slug: unique('s-'),
    templateId: null,
    projectId: null,
    stage: 'production',
    odooVersion: '18.0',
    odooEdition: 'ce',
    workers: 2,
    envVars: { LANG: 'en_US.UTF-8' },
    moduleList: ['sale', 'stock'],
    cpuLimit: null,
    memoryLimitMb: null,
  };
}

/** An organization with the system roles Owner and Viewer and one Owner member. */
export async function seedOrganization(repos: Repositories) {
  const org = await repos.organizations.insert(newOrg());
  const [owner, viewer] = await repos.roles.insertMany(org.id, [
    { name: 'Owner', isSystem: true, permissions: ['view:members', 'manage:members'] },
    { name: 'Viewer', isSystem: true, permissions: [] },
  ]);
  if (!owner || !viewer) throw new Error('roles were not inserted');
  const user = await repos.users.insert(newUser('Owner Person'));
  await repos.members.add(org.id, user.id, owner.id);
  return { org, owner, viewer, user };
}

/** A UUID no row has. */
export const missingId = () => randomUUID();
