import type { AuthResult, Me } from '@ocore/core';
import type { Command } from 'commander';
import { formatFields, formatOrgName, formatPerson, type CliIo } from '../shared/output.js';
import { readPassword } from '../shared/password.js';
import { withQuery, withSession, type Session } from '../shared/session.js';

interface SignupOptions {
  email: string;
  name: string;
  password?: string;
}

interface LoginOptions {
  email: string;
  password?: string;
}

const noOrganizationHint = 'no current organization; create one with `ocore org create --name <name>`';

/** Saves the new token and says who is signed in where. */
async function finishSignIn(session: Session, verb: string, result: AuthResult): Promise<void> {
  await session.saveToken(result.token);
  const org = result.organization ? `organization ${formatOrgName(result.organization)}` : noOrganizationHint;
  session.print(
    result,
    () => `${verb} ${formatPerson(result.user)} at ${session.url}; ${org}.\nSaved to ${session.configPath}`,
  );
}

function describeMe(me: Me, { url }: Session): string {
  const org = me.organization ? `${formatOrgName(me.organization)}, ${me.organization.id}` : 'none';
  return formatFields([
    ['User', `${formatPerson(me.user)}, ${me.user.id}`],
    ['Organization', org],
    ['Role', me.role ?? '-'],
    ['Server', url],
  ]);
}

/** `ocore signup`, `ocore login` and `ocore whoami`. */
export function registerAuthCommands(program: Command, io: CliIo): void {
  program
    .command('signup')
    .description('create an account with its first organization, and sign in')
    .requiredOption('--email <email>', 'your email address')
    .requiredOption('--name <name>', 'your name')
    .option('--password <password>', 'at least 10 characters (else $OCORE_PASSWORD, else prompted)')
    .action(
      withSession<SignupOptions>(io, async (session, options) => {
        const password = await readPassword(io, options.password, true);
        const result = await session
          .anonymous()
          .auth.signup.mutate({ email: options.email, name: options.name, password });
        await finishSignIn(session, 'Signed up as', result);
      }),
    );

  program
    .command('login')
    .description('sign in and save the token in the config file')
    .requiredOption('--email <email>', 'your email address')
    .option('--password <password>', 'your password (else $OCORE_PASSWORD, else prompted)')
    .action(
      withSession<LoginOptions>(io, async (session, options) => {
        const password = await readPassword(io, options.password);
        const result = await session.anonymous().auth.login.mutate({ email: options.email, password });
        await finishSignIn(session, 'Signed in as', result);
      }),
    );

  program
    .command('whoami')
    .description('show who you are signed in as, in which organization and role')
    .action(withQuery(io, (api) => api.auth.me.query(), describeMe));
}
