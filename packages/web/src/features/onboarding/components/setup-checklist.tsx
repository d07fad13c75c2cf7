import { Badge } from '../../../components/badge';
import { ButtonLink } from '../../../components/button';
import type { SetupStep } from '../api/use-setup-steps';
import './onboarding.css';

function StepState({ done }: { done: boolean | null }) {
  if (done === null) return <Badge>Checking…</Badge>;
  return done ? <Badge tone="success">Done</Badge> : <Badge tone="accent">To do</Badge>;
}

/** The setup steps in order, each with its state and a link to where it is done. */
export function SetupChecklist({ steps }: { steps: SetupStep[] }) {
  const next = steps.find((step) => step.done === false);
  return (
    <ol className="setup-steps">
      {steps.map((step) => (
        <li key={step.id} className="setup-step" data-step={step.id} data-done={String(step.done)}>
          <div className="setup-step-text">
            <h3>
              {step.title} <StepState done={step.done} />
            </h3>
            <p className="muted">{step.description}</p>
          </div>
          <ButtonLink to={step.to} variant={step === next ? 'primary' : 'secondary'} size="sm">
            {step.action}
            <span className="visually-hidden"> for step “{step.title}”</span>
          </ButtonLink>
        </li>
      ))}
    </ol>
  );
}

/** "2 of 5 done", or a word once all are. */
export function setupProgress(steps: SetupStep[]): string {
  const done = steps.filter((step) => step.done === true).length;
  return done === steps.length ? 'All set: everything below is in place.' : `${done} of ${steps.length} done.`;
}
