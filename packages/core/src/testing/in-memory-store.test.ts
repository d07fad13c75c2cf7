import { describe, expect, it } from 'vitest';
import { createFakeClock, createFakeHasher, createFakeThrottle } from './in-memory-fakes.js';
import { createInMemoryStore } from './in-memory-store.js';
import { caught } from './test-fixtures.js';

const newOrg = (slug: string) => ({ name: slug, slug, logoUrl: null, parentOrganizationId: null });

async function seed() {
  const clock = createFakeClock();
  const store = createInMemoryStore(clock);
  const user = await store.users.insert({ email: 'ada@example.com', name: 'Ada', passwordHash: 'h' });
  const org = await store.organizations.insert(newOrg('acme'));
  const roles = await store.roles.insertMany(org.id, [
    { name: 'Owner', isSystem: true, permissions: ['view:members'] },
    { name: 'Viewer', isSystem: true, permissions: [] },
  ]);
  return { clock, store, user, org, roles };
}

describe('in-memory store', () => {
  it('rolls a transaction back when its work throws', async () => {
    const { store, user, org, roles } = await seed();
    const failed = store.transaction(async (tx) => {
      await tx.members.add(org.id, user.id, roles[0]?.id ?? '');
      await tx.organizations.update(org.id, { name: 'Renamed' });
      await tx.events.append([
        {
          organizationId: org.id,
          type: 'organization.updated',
          payload: { targetType: 'organization', targetId: org.id },
        },
      ]);
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    expect(await store.members.list(org.id)).toEqual([]);
    expect((await store.organizations.findById(org.id))?.name).toBe('acme');
    expect(store.state.events).toEqual([]);
  });

  it('keeps what a transaction wrote when it succeeds', async () => {
    const { store, user, org, roles } = await seed();
    await store.transaction((tx) => tx.members.add(org.id, user.id, roles[0]?.id ?? ''));
    expect((await store.members.list(org.id)).map((m) => m.role)).toEqual(['Owner']);
  });

  it('refuses a write outside the open transaction, which a rollback could not undo', async () => {
    const { store, org } = await seed();
    const outside = store.transaction(() => store.organizations.update(org.id, { name: 'Sneaky' }));
    await expect(outside).rejects.toThrow(/outside the open transaction/);
    await expect(store.transaction(() => store.organizations.findById(org.id))).resolves.toBeDefined();
  });

  it('runs transactions one after the other', async () => {
    const { store } = await seed();
    const order: string[] = [];
    const slow = store.transaction(async () => {
      order.push('a:start');
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('a:end');
    });
    const fast = store.transaction(async () => {
      order.push('b');
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['a:start', 'a:end', 'b']);
  });

  it('raises SLUG_TAKEN on insert and update, but lets an organization keep its own slug', async () => {
    const { store, org } = await seed();
    const other = await store.organizations.insert(newOrg('other'));
    expect(await caught(() => store.organizations.insert(newOrg('acme')))).toMatchObject({
      code: 'SLUG_TAKEN',
      field: 'slug',
    });
    expect(await caught(() => store.organizations.update(other.id, { slug: 'acme' }))).toMatchObject({
      code: 'SLUG_TAKEN',
    });
    expect((await store.organizations.update(org.id, { slug: 'acme', logoUrl: null })).slug).toBe('acme');
  });

  it('lists slugs equal to the base or starting with base-', async () => {
    const { store } = await seed();
    for (const slug of ['acme-2', 'acmex', 'acme-corp', 'xacme']) await store.organizations.insert(newOrg(slug));
    expect((await store.organizations.slugsLike('acme')).sort()).toEqual(['acme', 'acme-2', 'acme-corp']);
  });

  it('raises EMAIL_TAKEN and ALREADY_MEMBER', async () => {
    const { store, user, org, roles } = await seed();
    const dup = await caught(() => store.users.insert({ email: 'ada@example.com', name: 'Other', passwordHash: 'h' }));
    expect(dup).toMatchObject({ code: 'EMAIL_TAKEN' });
    await store.members.add(org.id, user.id, roles[1]?.id ?? '');
    expect(await caught(() => store.members.add(org.id, user.id, roles[0]?.id ?? ''))).toMatchObject({
      code: 'ALREADY_MEMBER',
    });
  });

  it('finds a role by id or case-insensitive name, only in its organization', async () => {
    const { store, org, roles } = await seed();
    const other = await store.organizations.insert(newOrg('other'));
    expect((await store.roles.findByRef(org.id, 'oWnEr'))?.id).toBe(roles[0]?.id);
    expect((await store.roles.findByRef(org.id, roles[1]?.id ?? ''))?.name).toBe('Viewer');
    expect(await store.roles.findByRef(other.id, 'Owner')).toBeUndefined();
  });

  it('lists the organizations of a user with their role, in join order', async () => {
    const { clock, store, user, org, roles } = await seed();
    const later = await store.organizations.insert(newOrg('later'));
    const [laterOwner] = await store.roles.insertMany(later.id, [{ name: 'Owner', isSystem: true, permissions: [] }]);
    await store.members.add(later.id, user.id, laterOwner?.id ?? '');
    clock.advance(1000);
    await store.members.add(org.id, user.id, roles[1]?.id ?? '');
    const list = await store.organizations.listForUser(user.id);
    expect(list.map((o) => [o.slug, o.role])).toEqual([
      ['later', 'Owner'],
      ['acme', 'Viewer'],
    ]);
  });

  it('deletes an organization with its roles and members', async () => {
    const { store, user, org, roles } = await seed();
    await store.members.add(org.id, user.id, roles[0]?.id ?? '');
    await store.organizations.delete(org.id);
    expect(store.state.roles.size).toBe(0);
    expect(store.state.members).toEqual([]);
    expect(await store.organizations.listForUser(user.id)).toEqual([]);
  });

  it('replays events after an id, for the given organizations only', async () => {
    const { store, org } = await seed();
    const [a] = await store.events.append([
      { organizationId: org.id, type: 'server.created', payload: { targetType: 'server', targetId: null } },
    ]);
    await store.events.append([
      {
        organizationId: 'elsewhere',
        type: 'server.updated',
        payload: { targetType: 'server', targetId: null, fields: [] },
      },
      { organizationId: org.id, type: 'server.deleted', payload: { targetType: 'server', targetId: null } },
    ]);
    expect((await store.events.listAfter([org.id], null, 10)).map((e) => e.type)).toEqual([
      'server.created',
      'server.deleted',
    ]);
    expect((await store.events.listAfter([org.id], a!.id, 10)).map((e) => e.type)).toEqual(['server.deleted']);
  });
});

describe('fakes', () => {
  it('hasher never matches a null hash', async () => {
    const hasher = createFakeHasher();
    expect(await hasher.verify(await hasher.hash('secret'), 'secret')).toBe(true);
    expect(await hasher.verify(null, 'secret')).toBe(false);
    expect(await hasher.verify(null, 'null')).toBe(false);
  });

  it('throttle limits per email and per address, and success clears the email', async () => {
    const throttle = createFakeThrottle(2);
    await throttle.recordFailure('a@x.io', '127.0.0.1');
    await throttle.recordFailure('b@x.io', '127.0.0.1');
    expect(await caught(() => throttle.check('c@x.io', '127.0.0.1'))).toMatchObject({ code: 'RATE_LIMITED' });
    await throttle.recordFailure('a@x.io', null);
    await throttle.recordSuccess('a@x.io');
    await expect(throttle.check('a@x.io', null)).resolves.toBeUndefined();
  });
});
