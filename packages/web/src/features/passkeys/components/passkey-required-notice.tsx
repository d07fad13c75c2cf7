import { Alert } from '../../../components/alert';
import { ButtonLink } from '../../../components/button';
import { getToken, tokenOrganizationOf } from '../../../lib/auth';
import type { PasskeyRequirement } from '../api/use-passkey-requirement';
import { PasskeySignInButton } from './passkey-sign-in-button';

export interface PasskeyRequiredNoticeProps {
  requirement: PasskeyRequirement;
  /** False on the passkeys page itself, where the registration form is. */
  showLink?: boolean;
}

/** Why the organization refuses this session, where to register a passkey, and a passkey sign-in. */
export function PasskeyRequiredNotice({ requirement, showLink = true }: PasskeyRequiredNoticeProps) {
  return (
    <div className="passkey-required">
      <Alert tone="warning">
        <p>{requirement.message}</p>
        <p>
          {showLink
            ? 'Register a passkey on your passkeys page, then sign in with it to continue here.'
            : 'Add a passkey below, then sign in with it to continue in the organization.'}
        </p>
      </Alert>
      <div className="passkey-actions">
        {showLink ? <ButtonLink to={requirement.link}>Set up a passkey</ButtonLink> : null}
        <PasskeySignInButton
          continueIn={tokenOrganizationOf(getToken())}
          variant={showLink ? 'secondary' : 'primary'}
        />
      </div>
    </div>
  );
}
