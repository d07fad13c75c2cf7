import { caller, objectMaker, type Home } from './world.js';
import { password, unique, type SecurityApp } from './security-app.js';

/** Objects for one call to act on. */
export interface Fresh {
  server(): Promise<string>;
  topology(): Promise<string>;
  /** A topology that passes validation, with no deployment yet. */
  deployable(): Promise<string>;
  template(): Promise<string>;
  instance(): Promise<string>;
  project(): Promise<string>;
  /** A custom domain of the home's instance. */
  instanceDomain(): Promise<string>;
  /** A notification channel of the home. */
  channel(): Promise<string>;
  /** The user id of a member with the Viewer role. */
  member(): Promise<string>;
  /** The email of a registered user who is not a member yet. */
  email(): Promise<string>;
  client(): Promise<string | null>;
  domain(): Promise<string | null>;
  /** A passkey registration challenge of the caller. */
  challenge(): Promise<string>;
  /** A passkey sign-in challenge (anyone may ask for one). */
  loginChallenge(): Promise<string>;
  /** A token of the caller in an organization of their own, made for this call; or none. */
  ownOrganization(): Promise<string | undefined>;
  /** A throwaway person's token (for calls that end sessions), made for this call; or none. */
  person(): Promise<string | undefined>;
}

/** What an input builder may use. */
export interface Scope {
  home: Home;
  fresh: Fresh;
  shared: Shared;
}

/** Things made once per test file. */
export interface Shared {
  /** A disaster-recovery export of a small organization, to import. */
  drDocument: unknown;
  loginEmail: string;
  /** A Host this platform serves as a portal (for tls-ask). */
  portalHost: string;
}

/**
 * Objects for a call. Only a call that should succeed consumes new ones; any other gets the
 * home's standing objects: a refused call must leave them as they are, and the tests that
 * read them back afterwards would show it if it did not.
 */
export function makeFresh(t: SecurityApp, home: Home, actorToken: string, consume: boolean): Fresh {
  const make = objectMaker(t, `${home.label}-fresh`, home.token);
  const agency = objectMaker(t, `${home.label}-fresh`, home.agencyToken);
  const call = caller(t);
  const either = <T>(standing: T, made: () => Promise<T>) => (consume ? made() : Promise.resolve(standing));
  return {
    server: () => either(home.serverId, make.server),
    topology: () => either(home.topologyId, async () => make.topology(await make.server())),
    deployable: () => either(home.topologyId, async () => make.topology(home.serverId)),
    template: () => either(home.templateId, () => make.template(false)),
    instance: () => either(home.instanceId, () => make.instance(home.templateId, home.serverId)),
    project: () => either(home.projectId, make.project),
    instanceDomain: () => either(home.instanceDomainId, () => make.instanceDomain(home.instanceId)),
    channel: () => either(home.channelId, make.channel),
    member: () => either(home.memberUserId, async () => (await make.member()).userId),
    email: () =>
      either(home.memberEmail, async () => {
        const email = `${unique('spare')}@example.com`;
        await call('signup', 201, 'POST', '/api/auth/signup', '', { email, password, name: 'Spare User' });
        return email;
      }),
    client: () => either(home.clientId, agency.client),
    domain: () => either(home.domainId, () => agency.domain(null)),
    challenge: async () =>
      (
        await call(
          'passkey options',
          200,
          'POST',
          '/api/auth/passkeys/register/options',
          actorToken || home.memberToken,
          actorToken ? { password } : undefined,
        )
      ).challengeId as string,
    loginChallenge: async () =>
      (await call('passkey login options', 200, 'POST', '/api/auth/passkeys/login/options', '')).challengeId as string,
    person: () =>
      either(undefined, async () => {
        const email = `${unique('person')}@example.com`;
        return (await call('signup', 201, 'POST', '/api/auth/signup', '', { email, password, name: 'Throwaway' }))
          .token as string;
      }),
    ownOrganization: () =>
      either(undefined, async () => {
        const org = await call('own org', 201, 'POST', '/api/user/orgs', actorToken, { name: 'Disposable Org' });
        return (await call('switch', 200, 'POST', '/api/auth/switch-org', actorToken, { organizationId: org.id }))
          .token as string;
      }),
  };
}
