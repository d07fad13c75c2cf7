import { Page, Section } from '../../components/layout';
import { useMe } from '../../lib/use-me';
import { useSetupSteps } from '../../features/onboarding/api/use-setup-steps';
import { setupProgress, SetupChecklist } from '../../features/onboarding/components/setup-checklist';

/** The dashboard's home: what to set up next, each step marked done from what exists. */
export function HomePage() {
  const me = useMe();
  const { steps } = useSetupSteps();
  const organization = me.data?.organization?.name;
  return (
    <Page
      title="Overview"
      description={organization ? `Getting ${organization} ready to host Odoo.` : 'Getting ready to host Odoo.'}
    >
      {steps.length > 0 ? (
        <Section title="Next steps" description={setupProgress(steps)}>
          <SetupChecklist steps={steps} />
        </Section>
      ) : (
        <Section title="Next steps">
          <p className="muted">Your role here has nothing to set up. Pick a page in the menu.</p>
        </Section>
      )}
      <p className="muted shortcut-hint">
        Press <kbd>Ctrl</kbd> <kbd>K</kbd> to open the command palette, or <kbd>?</kbd> for the keyboard shortcuts.
      </p>
    </Page>
  );
}
