import { beforeEach, describe, expect, it } from 'vitest';
import { switchOrganization } from '../auth/auth.service.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { actorFor, caught, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { restoreDisasterRecovery } from './dr-import.service.js';
import { drImportInput, type DrDocument } from './dr.schema.js';
import { exportDisasterRecovery, getDrInfo } from './dr.service.js';

const hookSecret = 'whsec-dr-notification-0b7e41';
const slackUrl = 'https://hooks.slack.com/services/T000/B000/dr-slack-token-9f2c';

let deps: SettingsTestDeps;
let owner: SignedUp;

/** A webhook, a Slack channel and a turned-off mail channel, and rules routing three kinds to them. */
async function configureNotifications(d: SettingsTestDeps, organizationId: string) {
  const config = d.store.notificationConfig;
  const hook = await config.insertChannel({
    organizationId,
    name: 'Ops hook',
    kind: 'webhook',
    enabled: true,
    addresses: [],
    url: 'https://hooks.example.com/ocore',
    sealedSecret: d.secrets.seal(hookSecret),
  });
  const slack = await config.insertChannel({
    organizationId,
    name: 'Team chat',
    kind: 'slack',
    enabled: true,
    addresses: [],
    url: 'https://hooks.slack.com/…',
    sealedSecret: d.secrets.seal(slackUrl),
  });
  const mail = await config.insertChannel({
    organizationId,
    name: 'On call',
    kind: 'email',
    enabled: false,
    addresses: ['oncall@example.com', 'lead@example.com'],
    url: null,
    sealedSecret: null,
  });
  await config.saveRules(organizationId, {
    channels: { 'backup.failed': [hook.id, mail.id], 'instance.down': [slack.id], 'server.unreachable': [] },
    copyClientNotifications: false,
  });
}

/** The organization's channels (by name) and the kinds routed somewhere (to channels by name), as stored. */
async function storedNotifications(d: SettingsTestDeps, organizationId: string) {
  const channels = await d.store.notificationConfig.listChannels(organizationId);
  const rules = await d.store.notificationConfig.findRules(organizationId);
  const nameOf = new Map(channels.map((c) => [c.id, c.name]));
  return {
    channels: channels
      .map(({ name, kind, enabled, addresses, url, sealedSecret }) => ({
        name,
        kind,
        enabled,
        addresses,
        url,
        secret: sealedSecret && d.secrets.open(sealedSecret),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    rules: Object.fromEntries(
      Object.entries(rules?.channels ?? {})
        .filter(([, ids]) => ids.length > 0)
        .map(([kind, ids]) => [kind, ids.map((id) => nameOf.get(id))]),
    ),
  };
}

/** The document as the exporting server would sign it after `edit` (a release writing it so). */
function resigned(d: SettingsTestDeps, document: DrDocument, edit: (copy: DrDocument) => void): DrDocument {
  const copy = structuredClone(document);
  edit(copy);
  copy.checksum = d.hashContent(copy.content);
  const { signature: _old, ...unsigned } = copy;
  return { ...copy, signature: d.signer.sign(unsigned) };
}

beforeEach(async () => {
  deps = createSettingsTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
  await configureNotifications(deps, owner.organization.id);
});

describe('notification channels and rules in a disaster-recovery document', () => {
  it('are exported with the secrets sealed, the rules naming channels by ref', async () => {
    const document = await exportDisasterRecovery(deps, owner.actor);
    const notifications = document.content.notifications;
    expect(notifications?.channels.map((c) => [c.ref, c.name, c.kind, c.enabled])).toEqual([
      ['channel-1', 'On call', 'email', false],
      ['channel-2', 'Ops hook', 'webhook', true],
      ['channel-3', 'Team chat', 'slack', true],
    ]);
    expect(notifications?.channels[0]).toMatchObject({
      addresses: ['oncall@example.com', 'lead@example.com'],
      sealedSecret: null,
    });
    // Every kind routed somewhere, in the server's order; one routed nowhere is left out.
    expect(notifications?.rules).toEqual([
      { kind: 'instance.down', channels: ['channel-3'] },
      { kind: 'backup.failed', channels: ['channel-2', 'channel-1'] },
    ]);
    expect(notifications?.copyClientNotifications).toBe(false);
    expect(JSON.stringify(document)).not.toContain(hookSecret);
    expect(JSON.stringify(document)).not.toContain('dr-slack-token');
    const [, hook, slack] = notifications?.channels ?? [];
    expect(hook?.sealedSecret).toMatch(/^enc:v1:k1:/);
    expect(deps.secrets.open(hook?.sealedSecret ?? '')).toBe(hookSecret);
    expect(deps.secrets.open(slack?.sealedSecret ?? '')).toBe(slackUrl);
    expect(document.keyIds).toEqual(['k1']);
    expect((await getDrInfo(deps, owner.actor)).counts).toMatchObject({ notificationChannels: 3, secrets: 2 });
  });

  it('come back in the restored organization, routed to its new channels, and export the same', async () => {
    const first = await exportDisasterRecovery(deps, owner.actor);
    const result = await restoreDisasterRecovery(deps, owner.actor, { document: first });
    expect(result.restored).toMatchObject({ secrets: 2, notificationChannels: 3, notificationRules: 2 });
    expect(result.notes).toEqual([]);
    const id = result.organization.id;
    expect(await storedNotifications(deps, id)).toEqual(await storedNotifications(deps, owner.organization.id));
    expect((await storedNotifications(deps, id)).rules).toEqual({
      'backup.failed': ['Ops hook', 'On call'],
      'instance.down': ['Team chat'],
    });
    const { token } = await switchOrganization(deps, owner.actor, id);
    const second = await exportDisasterRecovery(deps, await actorFor(deps, token));
    expect(second.content.notifications).toEqual(first.content.notifications);
  });

  it('on another server, are resealed under its key for the Owner the document names', async () => {
    const document = await exportDisasterRecovery(deps, owner.actor);
    const there = createSettingsTestDeps({ keyId: 'k2' });
    const olive = await signUpUser(there, 'Olive Owner');
    const result = await restoreDisasterRecovery(there, olive.actor, { document, previousMasterKey: 'k1' });
    const channels = await there.store.notificationConfig.listChannels(result.organization.id);
    const sealed = channels.flatMap((c) => c.sealedSecret ?? []);
    expect(sealed.map((s) => there.secrets.keyIdOf(s))).toEqual(['k2', 'k2']);
    expect(sealed.map((s) => there.secrets.open(s)).sort()).toEqual([slackUrl, hookSecret].sort());
  });

  it('come back turned off without their secrets for an importer who may not hold them', async () => {
    const document = await exportDisasterRecovery(deps, owner.actor);
    const there = createSettingsTestDeps({ keyId: 'k2' });
    const stranger = await signUpUser(there, 'Ivy Importer');
    const result = await restoreDisasterRecovery(there, stranger.actor, { document, previousMasterKey: 'k1' });
    expect(result.restored).toMatchObject({ secrets: 0, notificationChannels: 3, notificationRules: 2 });
    expect(result.skippedSecrets.names).toEqual([
      'notifications.channels.channel-2.secret',
      'notifications.channels.channel-3.secret',
    ]);
    expect(result.notes).toEqual([expect.stringContaining('2 notification channel(s) restored turned off')]);
    expect((await storedNotifications(there, result.organization.id)).channels).toMatchObject([
      { name: 'On call', enabled: false, secret: null },
      { name: 'Ops hook', enabled: false, secret: null },
      { name: 'Team chat', enabled: false, secret: null },
    ]);
  });

  it('are optional: a document exported before they were carried imports with none', async () => {
    const current = await exportDisasterRecovery(deps, owner.actor);
    const old = resigned(deps, current, (d) => delete d.content.notifications);
    expect(drImportInput.safeParse({ document: old }).success).toBe(true);
    const result = await restoreDisasterRecovery(deps, owner.actor, { document: old });
    expect(result.restored).toMatchObject({ notificationChannels: 0, notificationRules: 0 });
    expect(await deps.store.notificationConfig.listChannels(result.organization.id)).toEqual([]);
    expect(await deps.store.notificationConfig.findRules(result.organization.id)).toBeUndefined();
  });

  it('refuse a channel or rule the API would refuse, naming the field', async () => {
    const document = await exportDisasterRecovery(deps, owner.actor);
    const fieldsOf = (edit: (d: DrDocument) => void) => {
      const copy = structuredClone(document);
      edit(copy);
      const parsed = drImportInput.safeParse({ document: copy });
      return parsed.error?.issues.map((i) => i.path.join('.')) ?? [];
    };
    const n = (d: DrDocument) => d.content.notifications!;
    expect(fieldsOf((d) => (n(d).rules[0]!.channels = ['channel-9']))).toEqual([
      'document.content.notifications.rules.0.channels.0',
    ]);
    expect(fieldsOf((d) => (n(d).channels[0]!.addresses = ['not an address']))).toEqual([
      'document.content.notifications.channels.0.addresses.0',
    ]);
    expect(fieldsOf((d) => (n(d).channels[0]!.addresses = []))).toEqual([
      'document.content.notifications.channels.0.addresses',
    ]);
    expect(fieldsOf((d) => (n(d).channels[1]!.url = 'file:///etc/passwd'))).toEqual([
      'document.content.notifications.channels.1.url',
    ]);
    expect(fieldsOf((d) => (n(d).channels[2]!.name = ' '))).toEqual(['document.content.notifications.channels.2.name']);
    // Two channels of one ref: the rule naming the other ref no longer finds it either.
    expect(fieldsOf((d) => (n(d).channels[2]!.ref = 'channel-1'))).toEqual([
      'document.content.notifications.channels.2.ref',
      'document.content.notifications.rules.0.channels.0',
    ]);
    expect(fieldsOf((d) => ((n(d).rules[0] as { kind: string }).kind = 'instance.exploded'))).toEqual([
      'document.content.notifications.rules.0.kind',
    ]);
  });

  it('refuse copying clients into an organization that is no agency, and create nothing', async () => {
    const document = resigned(
      deps,
      await exportDisasterRecovery(deps, owner.actor),
      (d) => (d.content.notifications!.copyClientNotifications = true),
    );
    const before = {
      orgs: deps.store.state.organizations.size,
      channels: deps.store.state.notificationChannels.length,
    };
    const error = await caught(() => restoreDisasterRecovery(deps, owner.actor, { document }));
    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'document.content.notifications.copyClientNotifications',
    });
    expect({
      orgs: deps.store.state.organizations.size,
      channels: deps.store.state.notificationChannels.length,
    }).toEqual(before);
  });
});
