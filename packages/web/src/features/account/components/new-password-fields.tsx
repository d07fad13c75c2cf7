import { passwordLimits } from '@ocore/core';
import { Field } from '../../../components/field';

/** A new password typed twice; the server names why it refuses one (too short, too common…). */
export function NewPasswordFields({ name, label, error }: { name: string; label: string; error?: string | undefined }) {
  return (
    <>
      <Field
        label={label}
        name={name}
        type="password"
        autoComplete="new-password"
        required
        minLength={passwordLimits.min}
        hint={`At least ${passwordLimits.min} characters, and not one of the most common passwords.`}
        error={error}
      />
      <Field label="Repeat it" name="repeat" type="password" autoComplete="new-password" required />
    </>
  );
}

/** The refusal when the two copies differ, before anything is sent. */
export function mismatch(password: string, repeat: string): string | undefined {
  return password === repeat ? undefined : 'The two passwords differ; type the same one twice.';
}
