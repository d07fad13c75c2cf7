import type { CoreDeps, DomainEvent } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../events/event-bus.js';
import { createPortalContextCache } from './portal-context.cache.js';

/**
 * A store with one agency and any number of subdomains; `gate` holds the next domain read
 * until released, to place an event in the middle of a load.
 */
function portalStore() {
  const state = { color: '#000000', reads: 0, gate: undefined as Promise<void> | undefined };
  const agency = { id: 'agency', name: 'Agency', agencyEnabled: true, parentOrganizationId: null };
  const store = {
    portalDomains: {
      async findBySubdomain(subdomain: string) {
        state.reads++;
        const gate = state.gate;
        state.gate = undefined;
        await gate;
        if (subdomain.startsWith('none')) return undefined;
        return {
          id: `d-${subdomain}`,
          organizationId: 'agency',
          clientOrgId: null,
          subdomain,
          customDomain: null,
          isActive: true,
          dnsVerified: false,
          sslStatus: 'none',
        };
      },
      findByCustomDomain: async () => undefined,
    },
    organizations: { findById: async (id: string) => (id === 'agency' ? agency : undefined) },
    agencies: {
      findBranding: async () => ({
        primaryColor: state.color,
        logoUrl: null,
        accentColor: null,
        fontFamily: null,
        customCss: null,
        faviconUrl: null,
        loginBgUrl: null,
        footerText: null,
      }),
    },
  };
  return { state, deps: { store } as unknown as Pick<CoreDeps, 'store'> };
}

const event = (organizationId: string): DomainEvent => ({
  id: '1',
  organizationId,
  type: 'agency.branding_updated',
  payload: { targetType: 'branding', targetId: organizationId, fields: ['primaryColor'] },
  createdAt: '2026-11-24T00:00:00.000Z',
});

describe('the portal context cache', () => {
  it('reads a Host once, then from memory, until an event of its agency', async () => {
    const { state, deps } = portalStore();
    const bus = createEventBus();
    const cache = createPortalContextCache(deps, bus, { baseDomain: 'portal.test', enabled: true });
    expect((await cache.resolve('a.portal.test'))?.branding?.primaryColor).toBe('#000000');
    expect((await cache.resolve('A.Portal.Test'))?.branding?.primaryColor).toBe('#000000');
    expect(state.reads).toBe(1);

    state.color = '#ffffff';
    bus.publish([event('another-agency')]);
    expect((await cache.resolve('a.portal.test'))?.branding?.primaryColor).toBe('#000000');
    bus.publish([event('agency')]);
    expect((await cache.resolve('a.portal.test'))?.branding?.primaryColor).toBe('#ffffff');
    expect(state.reads).toBe(2);
  });

  it('keeps a Host that serves nothing only until the next event of any organization', async () => {
    const { state, deps } = portalStore();
    const bus = createEventBus();
    const cache = createPortalContextCache(deps, bus, { baseDomain: 'portal.test', enabled: true });
    expect(await cache.resolve('none.portal.test')).toBeUndefined();
    expect(await cache.resolve('none.portal.test')).toBeUndefined();
    expect(state.reads).toBe(1);
    bus.publish([event('someone')]);
    await cache.resolve('none.portal.test');
    expect(state.reads).toBe(2);
  });

  it('answers a load overtaken by an event but does not keep it', async () => {
    const { state, deps } = portalStore();
    const bus = createEventBus();
    const cache = createPortalContextCache(deps, bus, { baseDomain: 'portal.test', enabled: true });
    let release!: () => void;
    state.gate = new Promise((resolve) => (release = resolve));
    const slow = cache.resolve('a.portal.test');
    await new Promise((resolve) => setImmediate(resolve));
    // The change commits while the read is under way.
    state.color = '#123456';
    bus.publish([event('agency')]);
    release();
    await slow;
    expect((await cache.resolve('a.portal.test'))?.branding?.primaryColor).toBe('#123456');
    expect(state.reads).toBe(2);
  });

  it('holds at most maxEntries Hosts, dropping the oldest', async () => {
    const { state, deps } = portalStore();
    const cache = createPortalContextCache(deps, createEventBus(), {
      baseDomain: 'portal.test',
      enabled: true,
      maxEntries: 3,
    });
    for (const host of ['a', 'b', 'none1', 'c', 'none2']) await cache.resolve(`${host}.portal.test`);
    expect(cache.size()).toBe(3);
    const reads = state.reads;
    await cache.resolve('none2.portal.test');
    await cache.resolve('c.portal.test');
    expect(state.reads).toBe(reads);
  });

  it('reads every time when off', async () => {
    const { state, deps } = portalStore();
    const cache = createPortalContextCache(deps, createEventBus(), { baseDomain: 'portal.test', enabled: false });
    await cache.resolve('a.portal.test');
    await cache.resolve('a.portal.test');
    expect(state.reads).toBe(2);
    expect(cache.size()).toBe(0);
  });
});
