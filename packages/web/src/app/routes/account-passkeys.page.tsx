import { Page, Section } from '../../components/layout';
import { ListSection } from '../../components/list-section';
import { usePasskeyRequirement } from '../../features/passkeys/api/use-passkey-requirement';
import { usePasskeys } from '../../features/passkeys/api/use-passkeys';
import { PasskeyRequiredNotice } from '../../features/passkeys/components/passkey-required-notice';
import { PasskeysTable } from '../../features/passkeys/components/passkeys-table';
import { RegisterPasskeyForm } from '../../features/passkeys/components/register-passkey-form';

/** Account → Passkeys: the user's own, in any organization. */
export function AccountPasskeysPage() {
  const passkeys = usePasskeys();
  const { requirement } = usePasskeyRequirement();
  return (
    <Page
      title="Passkeys"
      description="Sign in with your device’s screen lock or a security key instead of a password."
    >
      {requirement ? <PasskeyRequiredNotice requirement={requirement} showLink={false} /> : null}
      <ListSection title="Your passkeys" what="your passkeys" query={passkeys}>
        {(list) => <PasskeysTable passkeys={list.items} />}
      </ListSection>
      <Section title="Add a passkey">
        <RegisterPasskeyForm />
      </Section>
    </Page>
  );
}
