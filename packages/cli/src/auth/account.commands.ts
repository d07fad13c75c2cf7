import type { Session as SessionRow } from '@ocore/core';
import type { Command } from 'commander';
import type { ApiClient } from '../shared/client.js';
import { formatOrgName, formatPerson, formatTable, formatTime, type CliIo } from '../shared/output.js';
import { readPassword } from '../shared/password.js';
import { withSession, type Session } from '../shared/session.js';

interface AcceptOptions {
  invitation: string;
  name?: string;
  password?: string;
}

interface SessionsOptions {
  end?: string;
  endOthers?: boolean;
}

function formatSessions(list: { items: readonly SessionRow[] }): string {
  return formatTable(list.items, [
    { header: 'id', value: (s) => `${s.id}${s.current ? ' (this one)' : ''}` },
    { header: 'from', value: (s) => s.ip ?? '-' },
    { header: 'passkey', value: (s) => (s.passkey ? 'yes' : 'no') },
    { header: 'started', value: (s) => formatTime(s.createdAt) },
    { header: 'expires', value: (s) => formatTime(s.expiresAt) },
  ]);
}

/** The signed-in client when there is a token, else an anonymous one. */
function signedInOrAnonymous(session: Session): { api: ApiClient; signedIn: boolean } {
  try {
    return { api: session.signedIn(), signedIn: true };
  } catch {
    return { api: session.anonymous(), signedIn: false };
  }
}

/** `ocore auth accept-invitation|verify-email|password|logout|sessions`. */
export function registerAccountCommands(program: Command, io: CliIo): void {
  const auth = program.command('auth').description('your account: invitations, password, sign-out, sessions');

  auth
    .command('accept-invitation')
    .description('accept an invitation with the token of the mailed link (#token=...)')
    // Not --token: that global option is the credential the CLI sends.
    .requiredOption('--invitation <token>', 'the token after #token= in the invitation link')
    .option('--name <name>', 'your name, for a new account')
    .option('--password <password>', "a new account's password, or your existing account's (else $OCORE_PASSWORD)")
    .action(
      withSession<AcceptOptions>(io, async (session, options) => {
        const { api, signedIn } = signedInOrAnonymous(session);
        const password = signedIn ? options.password : await readPassword(io, options.password, !!options.name);
        const result = await api.auth.acceptInvitation.mutate({
          token: options.invitation,
          ...(options.name ? { name: options.name } : {}),
          ...(password ? { password } : {}),
        });
        await session.saveToken(result.token);
        const org = result.organization ? formatOrgName(result.organization) : '-';
        session.print(result, () => `${formatPerson(result.user)} joined ${org}; now working in it.`);
      }),
    );

  auth
    .command('verify-email')
    .description('confirm your email address with the token of the mailed link (#verify=...), or mail a new link')
    .option('--verification <token>', 'the token after #verify= in the link')
    .option('--resend', 'mail a new link to your address (signed in)')
    .action(
      withSession<{ verification?: string; resend?: boolean }>(io, async (session, options) => {
        if (options.resend) {
          const result = await session.signedIn().auth.resendEmailVerification.mutate();
          session.print(result, () => result.message);
          return;
        }
        if (!options.verification) throw new Error('give --verification <token> from the mailed link, or --resend');
        const { api } = signedInOrAnonymous(session);
        const result = await api.auth.verifyEmail.mutate({ token: options.verification });
        session.print(result, () => 'Your email address is confirmed.');
      }),
    );

  auth
    .command('password')
    .description('change your password (your other sessions end)')
    .option('--current <password>', 'your current password (else $OCORE_PASSWORD, else prompted)')
    .requiredOption('--new <password>', 'the new password (at least 10 characters, not a common one)')
    .action(
      withSession<{ current?: string; new: string }>(io, async (session, options) => {
        const currentPassword = await readPassword(io, options.current);
        const result = await session
          .signedIn()
          .auth.changePassword.mutate({ currentPassword, newPassword: options.new });
        session.print(result, () => `Password changed; ${result.ended} other session(s) ended.`);
      }),
    );

  auth
    .command('logout')
    .description('sign out: the saved token stops working at once')
    .action(
      withSession(io, async (session) => {
        await session.signedIn().auth.logout.mutate();
        await session.saveToken('');
        session.print({ signedOut: true }, () => `Signed out of ${session.url}.`);
      }),
    );

  auth
    .command('sessions')
    .description('list your sessions, or end one (--end <id>) or all but this one (--end-others)')
    .option('--end <id>', 'end this session')
    .option('--end-others', 'end every session but this one')
    .action(
      withSession<SessionsOptions>(io, async (session, options) => {
        const api = session.signedIn();
        if (options.end) {
          await api.auth.endSession.mutate({ id: options.end });
          session.print({ ended: options.end }, () => `Ended session ${options.end}.`);
          return;
        }
        if (options.endOthers) {
          const result = await api.auth.endOtherSessions.mutate();
          session.print(result, () => `Ended ${result.ended} other session(s).`);
          return;
        }
        const list = await api.auth.sessions.query();
        session.print(list, () => formatSessions(list));
      }),
    );
}
